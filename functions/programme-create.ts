/** POST /programmes — an operator adds a programme, without code. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { addProgramme } from '../shared/subsidies/subsidies';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, body }: RequestOf<typeof subsidies.programmeCreate>) => created(await addProgramme({ subsidies: subsidyStore }, caller, body));

export const handler = httpHandler(subsidies.programmeCreate, handle, { replays: storedReplays });
