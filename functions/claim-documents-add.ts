/** POST /me/claims/{claimId}/documents — more documents for my claim: presigned upload URLs. */
import { addClaimDocuments } from '../shared/claims/claims';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { claimStore } from '../shared/adapters/claim-store';
import { documentUploads } from '../shared/adapters/document-uploads';
import { storedReplays } from '../shared/http/idempotency';
import { claims } from '../shared/claims/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof claims.claimDocumentsAdd>) =>
  created(await addClaimDocuments({ claims: claimStore, uploads: documentUploads }, caller, params.claimId, body.documents));

export const handler = httpHandler(claims.claimDocumentsAdd, handle, { replays: storedReplays });
