/** GET /me/claims — my claims, newest first. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { claimStore } from '../shared/stores';

export const handle = async ({ caller, query }: RequestOf<'claimsMine'>) => ok(await claimStore().byMember(caller.userId, query));

export const handler = httpHandler('claimsMine', handle);
