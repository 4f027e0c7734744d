/** The port through which the subsidy rules reach storage. */
import type { Page } from '../pagination';
import type { Application, ApplicationEvent, ApplicationStatus } from './application';
import type { Programme } from './programme';
import type { PayoutItem } from '../payouts/payout';
import type { Notice } from '../inbox/notice';
import type { BeaconPromise, BeaconRound } from '../beacon/beacon';

export interface Lottery {
  programmeId: string;
  cycle: string;
  quota: number;
  /** Sorted ids of the approved applications entered in the draw. */
  eligible: string[];
  /** sha256_hex(secret), published with the list. */
  commitment: string;
  committedAt: string;
  /**
   * The beacon round the draw mixes in, named at the commit (published after it); its randomness
   * and signature once the draw has fetched them. Absent on lotteries committed before the beacon.
   */
  beacon?: BeaconPromise & Partial<Pick<BeaconRound, 'randomness' | 'signature'>>;
  /** The committed secret, revealed at the draw. */
  secret?: string;
  drawnAt?: string;
  /** How many applications the draw has put on notice: never more than `quota` (a conditional counter). */
  selected?: number;
}

/** A cycle closed to applications: by the calendar (recorded when the lottery is committed) or early, by an operator. */
export interface CycleClosure {
  programmeId: string;
  cycle: string;
  closedAt: string;
  closedBy: string;
  reason: string;
  /** True when an operator closed it before its window's last day. */
  early: boolean;
}

/** The background half of a subtree move, for applications (see organisations/subtree-repath.ts). */
export interface ApplicationRePather {
  rePathApplications(oldPath: string, newPath: string, deadline: number): Promise<{ moved: number; done: boolean }>;
}

export interface SubsidyStore {
  programme(programmeId: string): Promise<Programme | undefined>;
  programmes(): Promise<Programme[]>;
  putProgramme(programme: Programme): Promise<void>;
  /** Creates the application, once per member, programme and cycle, while the cycle is not closed (CycleClosed). */
  createApplication(application: Application, event: ApplicationEvent): Promise<void>;
  application(applicationId: string): Promise<Application | undefined>;
  timeline(applicationId: string): Promise<ApplicationEvent[]>;
  byMember(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Application>>;
  byCycle(programmeId: string, cycle: string, status: ApplicationStatus, page: { limit: number; cursor?: string }): Promise<Page<Application>>;
  /**
   * Moves an application from the status and version it was read at (ApplicationChanged
   * otherwise), with its payout item and the members' notices in the same write.
   */
  transition(application: Application, to: ApplicationStatus, event: ApplicationEvent, changes?: Partial<Application>, payout?: PayoutItem, notices?: Notice[]): Promise<Application>;
  /**
   * Records a member's objection and holds the result (in-notice → objected), from the status and
   * version it was read at (ApplicationChanged otherwise); once per member and application
   * (AlreadyObjected).
   */
  object(application: Application, objection: { by: string; reason: string; at: string }, event: ApplicationEvent): Promise<Application>;
  /**
   * Applications of a cycle in one status whose stored union path starts with `pathPrefix` (the
   * reviewers' work list), in path order.
   */
  bySubtree(programmeId: string, cycle: string, status: ApplicationStatus, pathPrefix: string, page: { limit: number; cursor?: string }): Promise<Page<Application>>;
  /**
   * Puts a drawn application on notice (approved → in-notice) and counts it in the lottery's
   * `selected`, in one transaction that refuses a count beyond the quota (LotteryState) and a
   * changed application (ApplicationChanged).
   */
  select(application: Application, event: ApplicationEvent, changes: Partial<Application>, quota: number): Promise<Application>;
  cycleClosure(programmeId: string, cycle: string): Promise<CycleClosure | undefined>;
  /** Records the closure once; false when the cycle was already closed. */
  closeCycle(closure: CycleClosure): Promise<boolean>;
  lottery(programmeId: string, cycle: string, options?: { withSeed: boolean }): Promise<Lottery | undefined>;
  /**
   * Publishes list and commitment, once per cycle (the seed is kept until the draw). A second
   * commit changes nothing stored: LotteryState.
   */
  commitLottery(lottery: Lottery & { secret: string }): Promise<void>;
  /** Records the beacon round's value on the lottery, once (the same value again is accepted). */
  revealBeacon(programmeId: string, cycle: string, value: BeaconRound): Promise<void>;
  /** Marks the draw done (reveals the seed), once. */
  markDrawn(programmeId: string, cycle: string, at: string): Promise<boolean>;
}
