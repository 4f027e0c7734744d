/**
 * Insurance claims, fully online: the covered member files and follows; an admin of the
 * federation's subtree reviews (asks for more, approves within cover, or rejects with a reason).
 * Every move is a conditional write from the state it was decided on, with a timeline event.
 */
import { shanghaiDay } from '../days';
import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account';
import { NotRegistered } from '../members/errors';
import { OrganisationNotFound } from '../organisations/errors';
import type { OrganisationReader, OrganisationStore } from '../organisations/organisation-store';
import { administersUnion, currentPathInScope } from '../organisations/scope';
import { memberSources } from '../members/membership';
import { decodeCursor, encodeCursor, readAcross, type Page } from '../pagination';
import { InvalidCursor } from '../errors';
import { canMove, claimStatuses, coverField, coverFor, documentIdOf, type Claim, type ClaimKind, type ClaimStatus, type DocumentView } from './claim';
import type { ClaimStore, DocumentUploads, DocumentViews } from './claim-store';
import { payoutFor } from '../payouts/payout';
import { claimDecided } from '../inbox/notices';
import { ClaimInvalid, ClaimNotFound, CoverExceeded, DocumentNotFound, IllegalTransition, PolicyNotFound } from './errors';
import { logReads } from '../privacy/access-log';
import type { AccessLogStore } from '../privacy/access-log-store';

export interface ClaimDependencies {
  claims: ClaimStore;
  uploads: DocumentUploads;
  views: DocumentViews;
  orgs: OrganisationReader;
  /** The member's own access log: an admin's opening of her documents is recorded there too. */
  accessLog: AccessLogStore;
}

export interface DocumentDeclaration {
  fileName: string;
  contentType: string;
  sizeBytes: number;
}


async function withUploads(deps: Pick<ClaimDependencies, 'uploads'>, claim: Claim, declared: DocumentDeclaration[], now: Date) {
  const uploads = [];
  for (const document of declared) {
    const documentId = randomUUID();
    const key = `claims/${claim.claimId}/${documentId}-${document.fileName.replace(/[^\w.-]+/g, '_')}`;
    const { url, expiresAt } = await deps.uploads.uploadUrl(key, document.contentType, document.sizeBytes);
    uploads.push({ documentId, key, fileName: document.fileName, contentType: document.contentType, sizeBytes: document.sizeBytes, uploadUrl: url, expiresAt });
    claim.documents.push({ documentId, key, fileName: document.fileName, contentType: document.contentType, sizeBytes: document.sizeBytes, addedAt: now.toISOString() });
  }
  return uploads;
}

/**
 * Filing a claim.
 *
 * Primary course:
 *  1. The policy must be the caller's and active, the incident within its period and not in the future.
 *  2. The amount must be within the cover still left for that kind.
 *  3. Store the claim as submitted with its first timeline event; return presigned upload URLs
 *     for the declared documents.
 */
export async function fileClaim(
  deps: Pick<ClaimDependencies, 'claims' | 'orgs' | 'uploads'>,
  caller: Account,
  input: { policyNo: string; kind: ClaimKind; incidentDate: string; amountFen: number; description: string; documents: DocumentDeclaration[] },
  now: Date = new Date(),
) {
  if (!caller.member) throw new NotRegistered();
  const policy = await deps.claims.policy(caller.userId, input.policyNo);
  if (!policy || policy.status !== 'active') throw new PolicyNotFound();
  if (input.incidentDate > shanghaiDay(now)) throw new ClaimInvalid('body.incidentDate', 'is in the future');
  if (input.incidentDate < policy.startsOn || input.incidentDate > policy.endsOn) {
    throw new ClaimInvalid('body.incidentDate', `is outside the policy period ${policy.startsOn} to ${policy.endsOn}`);
  }
  const remaining = coverFor(policy, input.kind) - (policy.usedFen?.[coverField(input.kind)] ?? 0);
  if (input.amountFen > remaining) throw new CoverExceeded(remaining);
  const organisation = (await deps.orgs.getMany([policy.organisationId]))[0];
  if (!organisation) throw new OrganisationNotFound(policy.organisationId);

  const at = now.toISOString();
  const claim: Claim = {
    claimId: randomUUID(),
    userId: caller.userId,
    policyNo: policy.policyNo,
    organisationId: organisation.id,
    organisationPath: organisation.path,
    kind: input.kind,
    incidentDate: input.incidentDate,
    amountFen: input.amountFen,
    description: input.description,
    documents: [],
    status: 'submitted',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const uploads = await withUploads(deps, claim, input.documents, now);
  await deps.claims.create(claim, { at, by: caller.userId, to: 'submitted' });
  return { claim, uploads };
}

async function ownClaim(deps: Pick<ClaimDependencies, 'claims'>, caller: Account, claimId: string): Promise<Claim> {
  const claim = await deps.claims.get(claimId);
  // Someone else's claim is not found, not forbidden: its existence is not the caller's business.
  if (!claim || claim.userId !== caller.userId) throw new ClaimNotFound();
  return claim;
}

export async function claimWithTimeline(deps: Pick<ClaimDependencies, 'claims'>, caller: Account, claimId: string) {
  const claim = await ownClaim(deps, caller, claimId);
  return { ...claim, timeline: await deps.claims.timeline(claimId) };
}

export async function addClaimDocuments(deps: Pick<ClaimDependencies, 'claims' | 'uploads'>, caller: Account, claimId: string, declared: DocumentDeclaration[], now: Date = new Date()) {
  const claim = await ownClaim(deps, caller, claimId);
  if (claim.status !== 'submitted' && claim.status !== 'more-info-requested') throw new IllegalTransition(claim.status, 'changed');
  const updated = { ...claim, documents: [...claim.documents] };
  const uploads = await withUploads(deps, updated, declared, now);
  await deps.claims.setDocuments(claim, updated.documents);
  return { uploads };
}

/** The member answers a request for more information: back to submitted. */
export async function resubmitClaim(deps: Pick<ClaimDependencies, 'claims'>, caller: Account, claimId: string, note: string | undefined, now: Date = new Date()) {
  const claim = await ownClaim(deps, caller, claimId);
  if (!canMove(claim.status, 'submitted')) throw new IllegalTransition(claim.status, 'submitted');
  return deps.claims.transition(claim, { status: 'submitted' }, { at: now.toISOString(), by: caller.userId, from: claim.status, to: 'submitted', note });
}

export type Review =
  | { decision: 'request-info'; reason: string }
  | { decision: 'approve'; approvedAmountFen: number; reason?: string }
  | { decision: 'reject'; reason: string };

/**
 * An admin of the federation's subtree reviews a claim.
 *
 * Primary course:
 *  1. Load the claim; the caller must administer its union as the tree is now (else not found).
 *  2. The move must be legal from the claim's state (approved and rejected are final).
 *  3. Approve: the amount is at most the amount claimed and the cover left; the policy's used
 *     cover grows in the same transaction. The claim then awaits payout.
 *  4. The member's "claim decided" notice goes into the inbox in the same transaction.
 */
export async function reviewClaim(deps: Pick<ClaimDependencies, 'claims' | 'orgs'>, caller: Account, claimId: string, review: Review, now: Date = new Date()) {
  const claim = await deps.claims.get(claimId);
  // Its union as the tree is now decides; out of scope answers as unknown, telling nothing.
  if (!claim || !(await administersUnion(caller, claim.organisationId, deps.orgs, claim.organisationPath))) throw new ClaimNotFound();
  const to: ClaimStatus = review.decision === 'approve' ? 'approved' : review.decision === 'reject' ? 'rejected' : 'more-info-requested';
  if (!canMove(claim.status, to)) throw new IllegalTransition(claim.status, to);
  const event = { at: now.toISOString(), by: caller.userId, from: claim.status, to, note: review.reason };
  // The member's notice of the decision, written with it; its id is the claim's version after it.
  const notices = [claimDecided(claim, review, claim.version + 1, event.at)];
  if (review.decision !== 'approve') return deps.claims.transition(claim, { status: to, decisionReason: review.reason }, event, undefined, notices);

  if (review.approvedAmountFen > claim.amountFen) throw new ClaimInvalid('body.approvedAmountFen', `is more than the ${claim.amountFen} fen claimed`);
  const policy = await deps.claims.policy(claim.userId, claim.policyNo);
  if (!policy) throw new PolicyNotFound();
  return deps.claims.transition(
    claim,
    {
      status: 'approved',
      approvedAmountFen: review.approvedAmountFen,
      decisionReason: review.reason,
      payout: { status: 'queued', amountFen: review.approvedAmountFen, payoutId: payoutFor({ kind: 'claim', id: claim.claimId }, claim.userId, review.approvedAmountFen, now).payoutId },
    },
    event,
    { kind: claim.kind, amountFen: review.approvedAmountFen, coverFen: coverFor(policy, claim.kind) },
    notices,
  );
}

/**
 * Claims of a union's whole subtree, by status, page by page — for its admins.
 *
 * Claims are indexed by status and their union's path, so "status S anywhere under X" is one key
 * prefix (`S#<X's path>`). The subtree is the one the tree has now: while a move's background half
 * is still re-pathing claims, some sit under the old path, and those prefixes are read first (as
 * for member listings). Without a status, the statuses are read one after the other.
 */
export async function organisationClaims(
  deps: { claims: Pick<ClaimStore, 'underPath'>; orgs: OrganisationReader & Pick<OrganisationStore, 'movesInFlight'> },
  caller: Account,
  organisationId: string,
  status: ClaimStatus | undefined,
  page: { limit: number; cursor?: string },
): Promise<Page<Claim>> {
  const organisation = await deps.orgs.get(organisationId);
  if (!organisation) throw new OrganisationNotFound(organisationId);
  const path = await currentPathInScope(caller, organisation, deps.orgs);
  const moves = await deps.orgs.movesInFlight();
  const sources = (status ? [status] : claimStatuses).flatMap((s) => memberSources(path, moves).map((source) => ({ status: s, ...source })));

  const position = (decodeCursor(page.cursor) as { status?: string; prefix?: string; inner?: string } | undefined) ?? {};
  let index = 0;
  let inner: string | undefined;
  if (page.cursor) {
    index = sources.findIndex((source) => source.status === position.status && source.prefix === position.prefix);
    inner = position.inner;
    // A source gone since the last page (its move finished) has handed its claims to the subtree's own prefix.
    if (index < 0) {
      index = sources.findIndex((source) => source.status === position.status && source.prefix === path);
      inner = undefined;
    }
    if (index < 0) throw new InvalidCursor();
  }
  const { items, next } = await readAcross(
    sources,
    { index, inner },
    page.limit,
    (source, sourcePage) => deps.claims.underPath(source.prefix, source.status, sourcePage, source.excluding),
    (claim) => claim.claimId,
  );
  return { items, cursor: next ? encodeCursor({ status: next.source.status, prefix: next.source.prefix, ...(next.inner && { inner: next.inner }) }) : undefined };
}

/**
 * Who may see a claim's documents: its member, and the admins of its union as the tree is now.
 * Anyone else is told the claim does not exist.
 */
async function claimSeenBy(deps: Pick<ClaimDependencies, 'claims' | 'orgs'>, caller: Account, claimId: string): Promise<{ claim: Claim; as: DocumentView['as'] }> {
  const claim = await deps.claims.get(claimId);
  if (claim && claim.userId === caller.userId) return { claim, as: 'member' };
  if (claim && (await administersUnion(caller, claim.organisationId, deps.orgs, claim.organisationPath))) return { claim, as: 'admin' };
  throw new ClaimNotFound();
}

/**
 * Opening a claim document.
 *
 * Primary course:
 *  1. The caller is the claim's member or administers its union (else the claim is not found).
 *  2. The view is written to the claim's access log (who, as what, which document, when) and, when
 *     the caller is not the claim's member, to the member's own access log (shared/privacy/
 *     access-log.ts), before any URL is handed out: no opening goes unrecorded.
 *  3. Answer a presigned GET URL valid for a few minutes.
 */
export async function openClaimDocument(deps: Pick<ClaimDependencies, 'claims' | 'orgs' | 'views' | 'accessLog'>, caller: Account, claimId: string, documentId: string, now: Date = new Date()) {
  const { claim, as } = await claimSeenBy(deps, caller, claimId);
  const document = claim.documents.find((candidate) => documentIdOf(candidate) === documentId);
  if (!document) throw new DocumentNotFound();
  await deps.claims.recordView(claimId, { at: now.toISOString(), by: caller.userId, as, documentId, fileName: document.fileName });
  // The document's id, not its file name: a name can say what the document is about.
  await logReads(deps.accessLog, caller, [claim.userId], { route: 'GET /claims/{claimId}/documents/{documentId}', what: `claim ${claimId}, document ${documentId}` }, now);
  const { url, expiresAt } = await deps.views.viewUrl(document.key, document);
  return { documentId, fileName: document.fileName, contentType: document.contentType, sizeBytes: document.sizeBytes, viewUrl: url, expiresAt };
}

/** The claim's access log (who opened which document, when), for its member and its admins. */
export async function claimDocumentViews(deps: Pick<ClaimDependencies, 'claims' | 'orgs'>, caller: Account, claimId: string, page: { limit: number; cursor?: string }) {
  await claimSeenBy(deps, caller, claimId);
  return deps.claims.views(claimId, page);
}
