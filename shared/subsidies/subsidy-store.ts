/** The port through which the subsidy rules reach storage. */
import type { Page } from '../pagination';
import type { Application, ApplicationEvent, ApplicationStatus } from './application';
import type { Programme } from './programme';
import type { PayoutItem } from '../payouts/payout';

export interface Lottery {
  programmeId: string;
  cycle: string;
  quota: number;
  /** Sorted ids of the approved applications entered in the draw. */
  eligible: string[];
  commitment: string;
  committedAt: string;
  /** Revealed at the draw. */
  seed?: string;
  drawnAt?: string;
}

export interface SubsidyStore {
  programme(programmeId: string): Promise<Programme | undefined>;
  programmes(): Promise<Programme[]>;
  putProgramme(programme: Programme): Promise<void>;
  /** Creates the application, once per member, programme and cycle. */
  createApplication(application: Application, event: ApplicationEvent): Promise<void>;
  application(applicationId: string): Promise<Application | undefined>;
  timeline(applicationId: string): Promise<ApplicationEvent[]>;
  byMember(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Application>>;
  byCycle(programmeId: string, cycle: string, status: ApplicationStatus, page: { limit: number; cursor?: string }): Promise<Page<Application>>;
  /** Moves an application from the status and version it was read at; ApplicationChanged otherwise. */
  transition(application: Application, to: ApplicationStatus, event: ApplicationEvent, changes?: Partial<Application>, payout?: PayoutItem): Promise<Application>;
  /**
   * Records a member's objection and holds the result (in-notice → objected), from the status and
   * version it was read at (ApplicationChanged otherwise); once per member and application
   * (AlreadyObjected).
   */
  object(application: Application, objection: { by: string; reason: string; at: string }, event: ApplicationEvent): Promise<Application>;
  lottery(programmeId: string, cycle: string, options?: { withSeed: boolean }): Promise<Lottery | undefined>;
  /** Publishes list and commitment, once per cycle (the seed is kept until the draw). */
  commitLottery(lottery: Lottery & { seed: string }): Promise<void>;
  /** Marks the draw done (reveals the seed), once. */
  markDrawn(programmeId: string, cycle: string, at: string): Promise<boolean>;
}
