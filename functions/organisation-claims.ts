/** GET /organisations/{orgId}/claims — a federation's claims, by status, for its admins. */
import { organisationClaims } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { claimStore } from '../shared/adapters/claim-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { claims } from '../shared/claims/functions';

export const handle = async ({ caller, params, query }: RequestOf<typeof claims.organisationClaims>) =>
  ok(await organisationClaims({ claims: claimStore, orgs: organisationStore }, caller, params.orgId, query.status, { limit: query.limit, cursor: query.cursor }));

export const handler = httpHandler(claims.organisationClaims, handle);
