/** GET /programmes — the subsidy programmes, with their rules, amounts and quotas. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyStore } from '../shared/stores';

export const handle = async (_request: RequestOf<'programmesList'>) => ok({ items: await subsidyStore().programmes() });

export const handler = httpHandler('programmesList', handle);
