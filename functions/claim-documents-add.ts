/** POST /me/claims/{claimId}/documents — more documents for my claim: presigned upload URLs. */
import { addClaimDocuments } from '../shared/claims/claims';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { claimDependencies } from '../shared/stores';

export const handle = async ({ caller, params, body }: RequestOf<'claimDocumentsAdd'>) =>
  created(await addClaimDocuments(claimDependencies(), caller, params.claimId, body.documents));

export const handler = httpHandler('claimDocumentsAdd', handle);
