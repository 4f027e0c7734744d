/** POST /applications/{applicationId}/objection-decision — uphold (reject) or dismiss (back on notice). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyDependencies } from '../shared/stores';
import { resolveObjection } from '../shared/subsidies/subsidies';

export const handle = async ({ caller, params, body }: RequestOf<'objectionResolve'>) =>
  ok(await resolveObjection(subsidyDependencies(), caller, params.applicationId, body));

export const handler = httpHandler('objectionResolve', handle);
