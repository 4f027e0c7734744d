/** GET /organisations/{orgId}/claims — a federation's claims, by status, for its admins. */
import { organisationClaims } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { claimDependencies } from '../shared/stores';

export const handle = async ({ caller, params, query }: RequestOf<'organisationClaims'>) =>
  ok(await organisationClaims(claimDependencies(), caller, params.orgId, query.status, { limit: query.limit, cursor: query.cursor }));

export const handler = httpHandler('organisationClaims', handle);
