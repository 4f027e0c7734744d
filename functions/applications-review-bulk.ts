/** POST /applications/reviews — decide a page of applications at once; each answer stands alone. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyDependencies } from '../shared/stores';
import { reviewApplications } from '../shared/subsidies/subsidies';

export const handle = async ({ caller, body }: RequestOf<'applicationsReviewBulk'>) =>
  ok(await reviewApplications(subsidyDependencies(), caller, body.decisions.map((d) => ({ applicationId: d.applicationId, approve: d.decision === 'approve', reason: d.reason }))));

export const handler = httpHandler('applicationsReviewBulk', handle);
