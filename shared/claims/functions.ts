/**
 * The claims capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions } from '../system';
import { ClaimPage, ClaimParams, ClaimView, ClaimWithTimeline, DocumentsBody, FileClaimBody, FiledClaim, OrganisationClaimsParams, OrganisationClaimsQuery, ResubmitBody, ReviewBody, Uploads } from './schemas';
import { PageQuery } from '../organisations/schemas';

export const claims = defineFunctions('claims', {
  claimFile: {
    entry: 'functions/claim-file.ts',
    description: 'File an insurance claim on a protection policy; returns presigned upload URLs.',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/me/claims',
      access: { roles: ['member'] },
      tag: 'claims',
      summary: 'File an insurance claim',
      request: { body: FileClaimBody },
      responses: { 201: { description: 'The claim and its upload URLs', schema: FiledClaim } },
      errors: { POLICY_NOT_FOUND: 404, CLAIM_INVALID: 400, COVER_EXCEEDED: 400 },
    },
    tables: { claims: 'read-write', accounts: 'read', organisations: 'read' },
    buckets: { memberDocuments: 'write' },
  },
  claimsMine: {
    entry: 'functions/claims-mine.ts',
    description: "The caller's claims, newest first.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/me/claims',
      access: { roles: ['member'] },
      tag: 'claims',
      summary: 'My claims',
      request: { query: PageQuery },
      responses: { 200: { description: 'A page of claims', schema: ClaimPage } },
    },
    tables: { claims: 'read' },
  },
  claimGet: {
    entry: 'functions/claim-get.ts',
    description: "One of the caller's claims with its timeline.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/me/claims/{claimId}',
      access: { roles: ['member'] },
      tag: 'claims',
      summary: 'Follow my claim',
      request: { params: ClaimParams },
      responses: { 200: { description: 'The claim and its timeline', schema: ClaimWithTimeline } },
      errors: { CLAIM_NOT_FOUND: 404 },
    },
    tables: { claims: 'read' },
  },
  claimDocumentsAdd: {
    entry: 'functions/claim-documents-add.ts',
    description: 'Presigned upload URLs for more documents of a claim.',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/me/claims/{claimId}/documents',
      access: { roles: ['member'] },
      tag: 'claims',
      summary: 'Add documents to my claim',
      request: { params: ClaimParams, body: DocumentsBody },
      responses: { 201: { description: 'Upload URLs', schema: Uploads } },
      errors: { CLAIM_NOT_FOUND: 404, ILLEGAL_TRANSITION: 409, CLAIM_CHANGED: 409 },
    },
    tables: { claims: 'read-write' },
    buckets: { memberDocuments: 'write' },
  },
  claimResubmit: {
    entry: 'functions/claim-resubmit.ts',
    description: 'Answer a request for more information on a claim.',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/me/claims/{claimId}/resubmit',
      access: { roles: ['member'] },
      tag: 'claims',
      summary: 'Resubmit my claim',
      request: { params: ClaimParams, body: ResubmitBody },
      responses: { 200: { description: 'The claim', schema: ClaimView } },
      errors: { CLAIM_NOT_FOUND: 404, ILLEGAL_TRANSITION: 409, CLAIM_CHANGED: 409 },
    },
    tables: { claims: 'read-write' },
  },
  claimReview: {
    entry: 'functions/claim-review.ts',
    description: "Review a claim: ask for more, approve within the policy's cover, or reject with a reason.",
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/claims/{claimId}/review',
      access: { roles: ['admin', 'operator'] },
      tag: 'claims',
      summary: 'Review a claim',
      request: { params: ClaimParams, body: ReviewBody },
      responses: { 200: { description: 'The claim', schema: ClaimView } },
      errors: { CLAIM_NOT_FOUND: 404, ILLEGAL_TRANSITION: 409, CLAIM_CHANGED: 409, COVER_EXCEEDED: 400, CLAIM_INVALID: 400 },
    },
    tables: { claims: 'read-write', accounts: 'read-write', organisations: 'read', payouts: 'write' },
  },
  organisationClaims: {
    entry: 'functions/organisation-claims.ts',
    description: "A federation's claims by status, for its admins.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/organisations/{orgId}/claims',
      access: { roles: ['admin', 'operator'] },
      tag: 'claims',
      summary: 'List the claims of a union',
      request: { params: OrganisationClaimsParams, query: OrganisationClaimsQuery },
      responses: { 200: { description: 'A page of claims', schema: ClaimPage } },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 },
    },
    tables: { claims: 'read', organisations: 'read' },
  },
});
