/** POST /me/claims/{claimId}/resubmit — answer a request for more information. */
import { resubmitClaim } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { claimDependencies } from '../shared/stores';

export const handle = async ({ caller, params, body }: RequestOf<'claimResubmit'>) =>
  ok(await resubmitClaim(claimDependencies(), caller, params.claimId, body.note));

export const handler = httpHandler('claimResubmit', handle);
