/** The port through which the claim rules reach storage and document uploads. */
import type { ProtectionPolicy } from '../gig-workers/protection-policy';
import type { Notice } from '../inbox/notice';
import type { Page } from '../pagination';
import type { Claim, ClaimEvent, ClaimKind, ClaimStatus, DocumentView } from './claim';

export interface PolicyWithUsage extends ProtectionPolicy {
  /** Approved amounts so far, per cover, in fen. */
  usedFen?: Partial<Record<'accidentMedicalFen' | 'accidentalDisabilityOrDeathFen', number>>;
}

export interface ClaimStore {
  policy(userId: string, policyNo: string): Promise<PolicyWithUsage | undefined>;
  get(claimId: string): Promise<Claim | undefined>;
  timeline(claimId: string): Promise<ClaimEvent[]>;
  create(claim: Claim, event: ClaimEvent): Promise<void>;
  /**
   * Moves a claim from the status and version it was read at (else ClaimChanged), with its event;
   * an approval also adds to the policy's used cover, conditionally on the cover left; `notices`
   * are delivered to the inbox in the same write.
   */
  transition(
    claim: Claim,
    changes: Partial<Claim> & { status: ClaimStatus },
    event: ClaimEvent,
    approval?: { kind: ClaimKind; amountFen: number; coverFen: number },
    notices?: Notice[],
  ): Promise<Claim>;
  /** Replaces the document list of the claim as read (version-guarded). */
  setDocuments(claim: Claim, documents: Claim['documents']): Promise<void>;
  byMember(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Claim>>;
  /** Claims of `status` whose union's indexed path starts with `pathPrefix`, except those under `excluding`. */
  underPath(pathPrefix: string, status: ClaimStatus, page: { limit: number; cursor?: string }, excluding?: string[]): Promise<Page<Claim>>;
  /** Writes one opening of a document to the claim's access log. */
  recordView(claimId: string, view: DocumentView): Promise<void>;
  /** The claim's access log, newest first. */
  views(claimId: string, page: { limit: number; cursor?: string }): Promise<Page<DocumentView>>;
}

/** After a move: the claims filed under the old path follow to the new one (safe to run again). */
export interface ClaimRePather {
  rePathClaims(oldPath: string, newPath: string, deadline: number): Promise<{ moved: number; done: boolean }>;
}

/** Presigned upload URLs for claim documents (S3; fauxqs locally). */
export interface DocumentUploads {
  uploadUrl(key: string, contentType: string, sizeBytes: number): Promise<{ url: string; expiresAt: string }>;
}

/** Short-lived presigned GET URLs to open an uploaded document. */
export interface DocumentViews {
  viewUrl(key: string, document: { fileName: string; contentType: string }): Promise<{ url: string; expiresAt: string }>;
}
