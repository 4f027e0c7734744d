/**
 * A subsidy application through the six steps, as a state machine. Every transition is a
 * conditional write from the state it was decided on, with an audit event (who, when, from, to,
 * why); nothing is approved twice, paid twice or moves backwards.
 *
 *   (apply + pre-check) → pending-review → approved → in-notice (drawn, or under quota) → payable → …payout
 *                                        ↘ rejected     ↘ not-selected   ⇅ objected → rejected (upheld)
 */
import type { ApplicationDetails } from './programme';

export const applicationStatuses = ['pending-review', 'approved', 'rejected', 'in-notice', 'objected', 'not-selected', 'payable'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export interface Application {
  applicationId: string;
  programmeId: string;
  cycle: string;
  userId: string;
  applicantName: string;
  /** The applicant's union: scope is decided through its place in the tree as it is now. */
  organisationId: string;
  /** The union's path when the application was made: a hint of the ids to read, never the scope. */
  organisationPath: string;
  details: ApplicationDetails;
  amountFen: number;
  documents?: { key: string; fileName: string; contentType: string; sizeBytes: number }[];
  status: ApplicationStatus;
  decisionReason?: string;
  /** End of the public-notice period, once drawn. */
  noticeEndsAt?: string;
  /** The objection waiting for (or last given) a decision; who objected is for the reviewing admins only. */
  objection?: { by: string; reason: string; at: string };
  /** When an objection was dismissed: the result then stands and takes no further objection. */
  objectionDismissedAt?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ApplicationEvent {
  at: string;
  by: string;
  from?: ApplicationStatus;
  to: ApplicationStatus;
  why?: string;
}

const transitions: Record<ApplicationStatus, ApplicationStatus[]> = {
  'pending-review': ['approved', 'rejected'],
  approved: ['in-notice', 'not-selected'],
  rejected: [],
  'in-notice': ['objected', 'payable'],
  objected: ['in-notice', 'rejected'],
  'not-selected': [],
  payable: [],
};

export const canMove = (from: ApplicationStatus, to: ApplicationStatus) => transitions[from].includes(to);
