/** POST /me/claims/{claimId}/resubmit — answer a request for more information. */
import { resubmitClaim } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { claimStore } from '../shared/adapters/claim-store';
import { storedReplays } from '../shared/http/idempotency';
import { claims } from '../shared/claims/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof claims.claimResubmit>) =>
  ok(await resubmitClaim({ claims: claimStore }, caller, params.claimId, body.note));

export const handler = httpHandler(claims.claimResubmit, handle, { replays: storedReplays });
