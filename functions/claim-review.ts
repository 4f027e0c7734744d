/** POST /claims/{claimId}/review — an admin of the federation asks for more, approves within cover, or rejects. */
import { reviewClaim } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { claimReviewStore } from '../shared/adapters/claim-review-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { claims } from '../shared/claims/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof claims.claimReview>) => {
  const claim = await reviewClaim({ claims: claimReviewStore, orgs: organisationStore }, caller, params.claimId, body);
  if (claim.status === 'approved') metrics.addMetric('ClaimApproved', 'Count', 1);
  return ok(claim);
};

export const handler = httpHandler(claims.claimReview, handle, { replays: storedReplays });
