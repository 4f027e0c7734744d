/**
 * The claims capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions, route } from '../system';
import { ClaimDocumentParams, ClaimPage, ClaimParams, DocumentViewPage, DocumentViewUrl, ClaimView, ClaimWithTimeline, DocumentsBody, FileClaimBody, FiledClaim, OrganisationClaimsParams, OrganisationClaimsQuery, ResubmitBody, ReviewBody, Uploads } from './schemas';
import { PageQuery } from '../organisations/schemas';

export const claims = defineFunctions('claims', {
  claimFile: route('POST /me/claims', ['member'], 'File an insurance claim', { body: FileClaimBody, 201: ['The claim and its upload URLs', FiledClaim] },
    'File an insurance claim on a protection policy; returns presigned upload URLs.',
    { errors: { POLICY_NOT_FOUND: 404, CLAIM_INVALID: 400, COVER_EXCEEDED: 400 }, tables: { claims: 'read-write', accounts: 'read', organisations: 'read' }, buckets: { memberDocuments: 'write' } }),
  claimsMine: route('GET /me/claims', ['member'], 'My claims', { query: PageQuery, 200: ['A page of claims', ClaimPage] },
    "The caller's claims, newest first.",
    { tables: { claims: 'read' } }),
  claimGet: route('GET /me/claims/{claimId}', ['member'], 'Follow my claim', { params: ClaimParams, 200: ['The claim and its timeline', ClaimWithTimeline] },
    "One of the caller's claims with its timeline.",
    { errors: { CLAIM_NOT_FOUND: 404 }, tables: { claims: 'read' } }),
  claimDocumentsAdd: route('POST /me/claims/{claimId}/documents', ['member'], 'Add documents to my claim', { params: ClaimParams, body: DocumentsBody, 201: ['Upload URLs', Uploads] },
    'Presigned upload URLs for more documents of a claim.',
    { errors: { CLAIM_NOT_FOUND: 404, ILLEGAL_TRANSITION: 409, CLAIM_CHANGED: 409 }, tables: { claims: 'read-write' }, buckets: { memberDocuments: 'write' } }),
  claimResubmit: route('POST /me/claims/{claimId}/resubmit', ['member'], 'Resubmit my claim', { params: ClaimParams, body: ResubmitBody, 200: ['The claim', ClaimView] },
    'Answer a request for more information on a claim.',
    { errors: { CLAIM_NOT_FOUND: 404, ILLEGAL_TRANSITION: 409, CLAIM_CHANGED: 409 }, tables: { claims: 'read-write' } }),
  claimReview: route('POST /claims/{claimId}/review', ['admin', 'operator'], 'Review a claim', { params: ClaimParams, body: ReviewBody, 200: ['The claim', ClaimView] },
    "Review a claim: ask for more, approve within the policy's cover, or reject with a reason.",
    { errors: { CLAIM_NOT_FOUND: 404, ILLEGAL_TRANSITION: 409, CLAIM_CHANGED: 409, COVER_EXCEEDED: 400, CLAIM_INVALID: 400 }, tables: { claims: 'read-write', accounts: 'read-write', organisations: 'read', payouts: 'write', inbox: 'write' } }),
  organisationClaims: route('GET /organisations/{orgId}/claims', ['admin', 'operator'], "List the claims of a union's whole subtree", { params: OrganisationClaimsParams, query: OrganisationClaimsQuery, 200: ['A page of claims', ClaimPage] },
    "Claims anywhere in a union's subtree, by status, for its admins (index byOrganisation, one key prefix); each claimant shown finds the read in her access log.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { claims: 'read', organisations: 'read', inbox: 'write' } }),
  claimDocumentOpen: route('GET /claims/{claimId}/documents/{documentId}', ['member', 'admin', 'operator'], 'Open a claim document', { params: ClaimDocumentParams, 200: ['A presigned GET URL, valid for five minutes', DocumentViewUrl] },
    "A short-lived view URL for one of a claim's documents, for its member and its union's admins; each opening is logged on the claim and, an admin's, in the member's access log.",
    { errors: { CLAIM_NOT_FOUND: 404, DOCUMENT_NOT_FOUND: 404 }, tables: { claims: 'read-write', organisations: 'read', inbox: 'write' }, buckets: { memberDocuments: 'read' } }),
  claimDocumentViews: route('GET /claims/{claimId}/document-views', ['member', 'admin', 'operator'], "Who opened a claim's documents", { params: ClaimParams, query: PageQuery, 200: ['A page of openings, newest first', DocumentViewPage] },
    "A claim's access log: who opened which of its documents, when; for its member and its union's admins.",
    { errors: { CLAIM_NOT_FOUND: 404 }, tables: { claims: 'read', organisations: 'read' } }),
});
