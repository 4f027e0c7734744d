/** POST /applications/{applicationId}/review — approve or reject, by an admin of the applicant's union chain. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { reviewApplication } from '../shared/subsidies/subsidies';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyReviewStore } from '../shared/adapters/subsidy-review-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof subsidies.applicationReview>) =>
  ok(await reviewApplication({ subsidies: subsidyReviewStore, orgs: organisationStore }, caller, params.applicationId, { approve: body.decision === 'approve', reason: body.reason }));

export const handler = httpHandler(subsidies.applicationReview, handle, { replays: storedReplays });
