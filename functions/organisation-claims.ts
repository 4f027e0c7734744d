/** GET /organisations/{orgId}/claims — a federation's claims, by status, for its admins; each claimant shown is logged under her. */
import { organisationClaims } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { accessLog } from '../shared/adapters/access-log';
import { claimStore } from '../shared/adapters/claim-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { claims } from '../shared/claims/functions';
import { logReads, routeKeyOf } from '../shared/privacy/access-log';

export const handle = async ({ caller, params, query }: RequestOf<typeof claims.organisationClaims>) => {
  const page = await organisationClaims({ claims: claimStore, orgs: organisationStore }, caller, params.orgId, query.status, { limit: query.limit, cursor: query.cursor });
  await logReads(accessLog, caller, page.items.map((claim) => claim.userId), { route: routeKeyOf(claims.organisationClaims), what: `${query.status ?? ''} claims list of union ${params.orgId}`.trim() });
  return ok(page);
};

export const handler = httpHandler(claims.organisationClaims, handle);
