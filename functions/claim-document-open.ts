/** GET /claims/{claimId}/documents/{documentId} — a view URL for one document, for the member or an admin in scope; logged on the claim and, for an admin, in the member's access log. */
import { openClaimDocument } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { accessLog } from '../shared/adapters/access-log';
import { claimStore } from '../shared/adapters/claim-store';
import { documentViews } from '../shared/adapters/document-views';
import { organisationStore } from '../shared/adapters/organisation-store';
import { claims } from '../shared/claims/functions';

export const handle = async ({ caller, params }: RequestOf<typeof claims.claimDocumentOpen>) =>
  ok(await openClaimDocument({ claims: claimStore, orgs: organisationStore, views: documentViews, accessLog }, caller, params.claimId, params.documentId));

export const handler = httpHandler(claims.claimDocumentOpen, handle);
