/** GET /me/claims — my claims, newest first. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { claimStore } from '../shared/adapters/claim-store';
import { claims } from '../shared/claims/functions';

export const handle = async ({ caller, query }: RequestOf<typeof claims.claimsMine>) => ok(await claimStore.byMember(caller.userId, query));

export const handler = httpHandler(claims.claimsMine, handle);
