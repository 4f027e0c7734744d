/** POST /applications/{applicationId}/review — approve or reject, by an admin of the applicant's union chain. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyDependencies } from '../shared/stores';
import { reviewApplication } from '../shared/subsidies/subsidies';

export const handle = async ({ caller, params, body }: RequestOf<'applicationReview'>) =>
  ok(await reviewApplication(subsidyDependencies(), caller, params.applicationId, { approve: body.decision === 'approve', reason: body.reason }));

export const handler = httpHandler('applicationReview', handle);
