/**
 * A subsidy application through the six steps, as a state machine. Every transition is a
 * conditional write from the state it was decided on, with an audit event (who, when, from, to,
 * why); nothing is approved twice, paid twice or moves backwards.
 *
 *   (apply + pre-check) → pending-review → approved → selected (lottery, or under quota) → …payout
 *                                        ↘ rejected     ↘ not-selected
 */
import type { ApplicationDetails } from './programme';

export type ApplicationStatus = 'pending-review' | 'approved' | 'rejected' | 'selected' | 'not-selected';

export interface Application {
  applicationId: string;
  programmeId: string;
  cycle: string;
  userId: string;
  applicantName: string;
  organisationId: string;
  organisationPath: string;
  details: ApplicationDetails;
  amountFen: number;
  status: ApplicationStatus;
  decisionReason?: string;
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
  approved: ['selected', 'not-selected'],
  rejected: [],
  selected: [],
  'not-selected': [],
};

export const canMove = (from: ApplicationStatus, to: ApplicationStatus) => transitions[from].includes(to);
