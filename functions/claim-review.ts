/** POST /claims/{claimId}/review — an admin of the federation asks for more, approves within cover, or rejects. */
import { reviewClaim } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { claimDependencies } from '../shared/stores';

export const handle = async ({ caller, params, body }: RequestOf<'claimReview'>) => {
  const claim = await reviewClaim(claimDependencies(), caller, params.claimId, body);
  if (claim.status === 'approved') metrics.addMetric('ClaimApproved', 'Count', 1);
  return ok(claim);
};

export const handler = httpHandler('claimReview', handle);
