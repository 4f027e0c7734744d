/** GET /me/applications — my subsidy applications, newest first. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyStore } from '../shared/stores';

export const handle = async ({ caller, query }: RequestOf<'applicationsMine'>) => ok(await subsidyStore().byMember(caller.userId, query));

export const handler = httpHandler('applicationsMine', handle);
