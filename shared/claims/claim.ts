/**
 * An insurance claim on a gig worker's protection policy, as a state machine:
 *   submitted ⇄ more-info-requested;  submitted → approved | rejected;  more-info-requested → rejected.
 * An approved claim owes its amount: a payout item is queued in the same write (see payouts).
 */
import type { ProtectionPolicy } from '../gig-workers/protection-policy';

export const claimKinds = ['accident-medical', 'accidental-disability-or-death'] as const;
export type ClaimKind = (typeof claimKinds)[number];

export const claimStatuses = ['submitted', 'more-info-requested', 'approved', 'rejected'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

export interface ClaimDocument {
  /** Claims filed before documents had ids carry it only in their key (see `documentIdOf`). */
  documentId?: string;
  key: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  addedAt: string;
}

/** The id of a document: the random part of its object key (`claims/<claimId>/<uuid>-<file>`). */
export const documentIdOf = (document: Pick<ClaimDocument, 'key'>) => document.key.split('/')[2]!.slice(0, 36);

/** One opening of a claim document through a view URL: the claim's access log. */
export interface DocumentView {
  at: string;
  /** Who asked for the view URL, and as what. */
  by: string;
  as: 'member' | 'admin';
  documentId: string;
  fileName: string;
}

export interface ClaimEvent {
  at: string;
  by: string;
  from?: ClaimStatus;
  to: ClaimStatus;
  note?: string;
}

export interface Claim {
  claimId: string;
  userId: string;
  policyNo: string;
  /** The federation of the policy: scope is decided through its place in the tree as it is now. */
  organisationId: string;
  /** Its path when the claim was filed: a hint of the ids to read, never the scope. */
  organisationPath: string;
  kind: ClaimKind;
  incidentDate: string;
  /** What the member claimed (the approval may be less: `approvedAmountFen`). */
  amountFen: number;
  description: string;
  documents: ClaimDocument[];
  status: ClaimStatus;
  approvedAmountFen?: number;
  decisionReason?: string;
  /** What happens to the money after approval. */
  payout?: { status: 'queued'; amountFen: number; payoutId: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

const transitions: Record<ClaimStatus, ClaimStatus[]> = {
  submitted: ['more-info-requested', 'approved', 'rejected'],
  'more-info-requested': ['submitted', 'rejected'],
  approved: [],
  rejected: [],
};

export const canMove = (from: ClaimStatus, to: ClaimStatus) => transitions[from].includes(to);

/** The cover of a policy for a kind of claim, in fen. */
export const coverFor = (policy: ProtectionPolicy, kind: ClaimKind) =>
  kind === 'accident-medical' ? policy.coverage.accidentMedicalFen : policy.coverage.accidentalDisabilityOrDeathFen;

export const coverField = (kind: ClaimKind) => (kind === 'accident-medical' ? 'accidentMedicalFen' : 'accidentalDisabilityOrDeathFen');
