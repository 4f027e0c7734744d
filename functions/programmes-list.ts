/** GET /programmes — the subsidy programmes, with their rules, amounts and quotas. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async (_request: RequestOf<typeof subsidies.programmesList>) => ok({ items: await subsidyStore.programmes() });

export const handler = httpHandler(subsidies.programmesList, handle);
