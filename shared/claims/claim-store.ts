/** The port through which the claim rules reach storage and document uploads. */
import type { ProtectionPolicy } from '../gig-workers/protection-policy';
import type { Page } from '../pagination';
import type { Claim, ClaimEvent, ClaimKind, ClaimStatus } from './claim';

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
   * an approval also adds to the policy's used cover, conditionally on the cover left.
   */
  transition(claim: Claim, changes: Partial<Claim> & { status: ClaimStatus }, event: ClaimEvent, approval?: { kind: ClaimKind; amountFen: number; coverFen: number }): Promise<Claim>;
  /** Replaces the document list of the claim as read (version-guarded). */
  setDocuments(claim: Claim, documents: Claim['documents']): Promise<void>;
  byMember(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Claim>>;
  byOrganisation(organisationId: string, status: ClaimStatus | undefined, page: { limit: number; cursor?: string }): Promise<Page<Claim>>;
}

/** Presigned upload URLs for claim documents (S3; fauxqs locally). */
export interface DocumentUploads {
  uploadUrl(key: string, contentType: string, sizeBytes: number): Promise<{ url: string; expiresAt: string }>;
}
