/** POST /applications/{applicationId}/objection-decision — uphold (reject) or dismiss (back on notice). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { resolveObjection } from '../shared/subsidies/subsidies';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyReviewStore } from '../shared/adapters/subsidy-review-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof subsidies.objectionResolve>) =>
  ok(await resolveObjection({ subsidies: subsidyReviewStore, orgs: organisationStore }, caller, params.applicationId, body));

export const handler = httpHandler(subsidies.objectionResolve, handle, { replays: storedReplays });
