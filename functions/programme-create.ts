/** POST /programmes — an operator adds a programme, without code. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { subsidyDependencies } from '../shared/stores';
import { addProgramme } from '../shared/subsidies/subsidies';

export const handle = async ({ caller, body }: RequestOf<'programmeCreate'>) => created(await addProgramme(subsidyDependencies(), caller, body));

export const handler = httpHandler('programmeCreate', handle);
