/** GET /claims/{claimId}/document-views — who opened the claim's documents, when (the member and admins in scope). */
import { claimDocumentViews } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { claimStore } from '../shared/adapters/claim-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { claims } from '../shared/claims/functions';

export const handle = async ({ caller, params, query }: RequestOf<typeof claims.claimDocumentViews>) =>
  ok(await claimDocumentViews({ claims: claimStore, orgs: organisationStore }, caller, params.claimId, query));

export const handler = httpHandler(claims.claimDocumentViews, handle);
