/** POST /applications/reviews — decide a page of applications at once; each answer stands alone. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { reviewApplications } from '../shared/subsidies/subsidies';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyReviewStore } from '../shared/adapters/subsidy-review-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, body }: RequestOf<typeof subsidies.applicationsReviewBulk>) =>
  ok(await reviewApplications({ subsidies: subsidyReviewStore, orgs: organisationStore }, caller, body.decisions.map((d) => ({ applicationId: d.applicationId, approve: d.decision === 'approve', reason: d.reason }))));

export const handler = httpHandler(subsidies.applicationsReviewBulk, handle, { replays: storedReplays });
