/**
 * The port through which the activity rules reach storage. Every write that moves a seat is one
 * conditional transaction; each answers what it found instead of throwing, so the rules decide
 * what to do next (try again, go to the waiting list, refuse).
 */
import type { Notice } from '../inbox/notice';
import type { Page } from '../pagination';
import type { Activity, SignUp, SignUpStatus } from './activity';

/** One place on the waiting list, first come first served. */
export interface WaitingEntry {
  userId: string;
  ticket: number;
}

/** What a contended write found: done, or which of its conditions no longer held. */
export type SeatWrite =
  | 'done'
  /** Another transaction touched the same items at the same instant (DynamoDB's TransactionConflict). */
  | 'contended'
  /** The activity is no longer open. */
  | 'not-open'
  /** No free seat, or members are waiting for the next one. */
  | 'full'
  /** A seat is free and no one waits: the sign-up should take it instead of joining the line. */
  | 'seat-free'
  /** The member's own sign-up is not as it was read (a concurrent change of hers). */
  | 'changed'
  /** The member first in line is no longer waiting (she left or was offered meanwhile). */
  | 'next-changed'
  /** Someone joined the waiting list meanwhile: the seat is theirs, not free. */
  | 'waiting-changed';

export interface ActivityStore {
  create(activity: Activity): Promise<void>;
  /** Strongly consistent. */
  get(activityId: string): Promise<Activity | undefined>;
  getMany(activityIds: string[]): Promise<Activity[]>;
  /** Activities for the audience of `organisationId` whose start key (`<startsAt>#<id>`) comes after `after`, soonest first. */
  byAudience(organisationId: string, after: string, limit: number): Promise<{ items: Activity[]; more: boolean }>;
  /** Activities organised under `pathPrefix` (by the organiser's path when made), except those under `excluding`. */
  underPath(pathPrefix: string, page: { limit: number; cursor?: string }, excluding?: string[]): Promise<Page<Activity>>;

  /** Strongly consistent. */
  signUp(activityId: string, userId: string): Promise<SignUp | undefined>;
  /** The member's sign-ups by the end of their activity: from `now` on, soonest first, or before it, latest first. */
  byMember(userId: string, when: 'upcoming' | 'past', now: string, page: { limit: number; cursor?: string }): Promise<Page<SignUp>>;
  /** An activity's sign-ups in one status (the waiting list in arrival order). */
  roster(activityId: string, status: SignUpStatus, page: { limit: number; cursor?: string }): Promise<Page<SignUp>>;
  /** Every sign-up of an activity, page by page (strongly consistent). */
  signUps(activityId: string, page: { limit: number; cursor?: string }): Promise<Page<SignUp>>;
  /** Members ahead of `ticket` on the waiting list. */
  waitingAhead(activityId: string, ticket: number): Promise<number>;
  /** The first on the waiting list (strongly consistent). */
  firstWaiting(activityId: string): Promise<WaitingEntry | undefined>;
  /** The next arrival number of an activity's waiting list; never the same twice. */
  nextTicket(activityId: string): Promise<number>;
  /** Open offers whose deadline is not after `now`, oldest first. */
  dueOffers(now: string, limit: number): Promise<{ activityId: string; userId: string }[]>;

  /** The sign-up takes a seat, if one is free and no one waits; `previous` is the member's ended place it replaces. */
  takeSeat(signUp: SignUp, previous: SignUp | undefined): Promise<SeatWrite>;
  /** The sign-up joins the waiting list with its ticket, if there is no seat for it. */
  joinWaitingList(signUp: SignUp, previous: SignUp | undefined): Promise<SeatWrite>;
  /**
   * A seat holder's place ends (`to`) and the seat passes to the first in line as an offer held
   * until `offer.expiresAt`, with its notice, all in one transaction.
   */
  passSeat(from: SignUp, to: SignUpStatus, at: string, next: WaitingEntry, offer: { offerNo: number; expiresAt: string; notice: Notice }): Promise<SeatWrite>;
  /** A seat holder's place ends (`to`) and the seat is free again; `noOneWaiting`: only if the line is empty. */
  freeSeat(from: SignUp, to: SignUpStatus, at: string, noOneWaiting: boolean): Promise<SeatWrite>;
  /** A waiting member leaves the line. */
  leaveWaitingList(from: SignUp, at: string): Promise<SeatWrite>;
  /** An offer becomes a seat, if it is still open at `at` and the activity is not cancelled. */
  acceptOffer(from: SignUp, at: string): Promise<SeatWrite>;
  /** A seat holder checks in, once. */
  checkIn(from: SignUp, checkIn: { checkedInAt: string; checkedInBy: string; recordedAt: string }): Promise<SeatWrite>;
  /** The activity moves from one of `from` to `to`. */
  setStatus(activity: Activity, from: Activity['status'][], change: Pick<Activity, 'status' | 'closedAt' | 'cancelledAt' | 'statusChangedBy' | 'statusReason'>): Promise<SeatWrite>;
  /**
   * Tells one member what became of the activity: her notice, and (`to`) her place's new
   * status (a waiting member also leaves the line). 'delivered', or 'already' when that notice
   * exists (a redelivery), or 'changed' when her place is not as read.
   */
  tellMember(signUp: SignUp, notice: Notice, to?: SignUpStatus): Promise<'delivered' | 'already' | 'changed'>;
}

/** Queues the fan-out of an activity's closing or cancelling to its members. */
export type QueueActivityNotices = (message: ActivityNoticesMessage) => Promise<void>;

export interface ActivityNoticesMessage {
  activityId: string;
  kind: 'activity-closed' | 'activity-cancelled';
  /** Where the previous delivery stopped, when it ran out of time. */
  cursor?: string;
}
