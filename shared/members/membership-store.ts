/** The port through which membership rules reach storage. */
import type { MemberProfile } from '../accounts/account';
import type { Organisation } from '../organisations/organisation';
import type { Page } from '../pagination';
import type { ProtectionPolicy } from '../gig-workers/protection-policy';

export interface HistoryEntry {
  at: string;
  event: 'requested' | 'joined' | 'rejected' | 'left' | 'transferred' | 'withdrew';
  organisationId: string;
  fromOrganisationId?: string;
  by: string;
  reason?: string;
}

export interface MemberSummary {
  userId: string;
  name: string;
  industry: string;
  verified: boolean;
  organisationId: string;
  since: string;
}

export interface JoinRequestSummary {
  userId: string;
  name: string;
  industry: string;
  verified: boolean;
  kind: 'join' | 'transfer';
  requestedAt: string;
}

export interface MembershipStore {
  profile(userId: string): Promise<MemberProfile | undefined>;
  /**
   * Makes the member active in `organisation`: directly (auto-approve), on approval of their
   * request, or as a transfer from their current union. One transaction: the profile, both
   * unions' member counts, the history entry.
   */
  activate(
    member: MemberProfile,
    organisation: Organisation,
    entry: HistoryEntry,
    extras?: { policy?: ProtectionPolicy; profileChanges?: Partial<Pick<MemberProfile, 'industryChange' | 'employer'>> },
  ): Promise<void>;
  /** Records a join or transfer request waiting for `organisation`. */
  request(member: MemberProfile, organisation: Organisation, kind: 'join' | 'transfer', entry: HistoryEntry): Promise<void>;
  /** Drops the member's pending request (rejected, or withdrawn). */
  dropRequest(member: MemberProfile, entry: HistoryEntry): Promise<void>;
  leave(member: MemberProfile, entry: HistoryEntry): Promise<void>;
  history(userId: string): Promise<HistoryEntry[]>;
  /**
   * Active members of the subtree at `orgPath`, page by page, from the index (no scan), leaving out
   * those indexed under any of `excluding` (subtrees moving out).
   */
  membersUnder(orgPath: string, page: { limit: number; cursor?: string }, excluding?: string[]): Promise<Page<MemberSummary>>;
  requestsFor(organisationId: string, page: { limit: number; cursor?: string }): Promise<Page<JoinRequestSummary>>;
  /** Rewrites the union path of every member under `oldPath`; safe to run again; stops at `deadline`. */
  rePathMembers(oldPath: string, newPath: string, deadline: number): Promise<{ moved: number; done: boolean }>;
}
