/** The port through which the draw rules reach storage. */
import type { BeaconPromise, BeaconRound } from '../beacon/beacon';
import type { Notice } from '../inbox/notice';
import type { Page } from '../pagination';
import type { Draw, Entry, Holder, PassOnStep, Slot, SlotRef } from './draw';

export interface DrawStore {
  create(draw: Draw): Promise<void>;
  /** The draw; its secret only when asked for (the draw itself) or once drawn. */
  draw(drawId: string, options?: { withSecret: boolean }): Promise<Draw | undefined>;
  /** One entry per member (AlreadyEntered), counted on the draw, only while it is open and `now` is in its window (EntriesClosed). */
  enter(entry: Entry, now: Date): Promise<void>;
  /** The member's entry in a draw. */
  entryOf(drawId: string, userId: string): Promise<Entry | undefined>;
  entry(drawId: string, entryId: string): Promise<Entry | undefined>;
  /** Stops entries (open → freezing) once the window has closed, or now when closing early; true also when it was freezing already. */
  freeze(drawId: string, now: Date, closedEarly?: { at: string; by: string; reason: string }): Promise<boolean>;
  /** Every entry id of the draw, read consistently (after the freeze: the final list). */
  entryIds(drawId: string): Promise<string[]>;
  /** Publishes the frozen list, the commitment and the beacon round, once (DrawState for a second commit; nothing stored changes). */
  commit(drawId: string, commit: { entryIds: string[]; commitment: string; committedAt: string; beacon: BeaconPromise; secret: string }): Promise<void>;
  /** The frozen list, or one chunk of it. */
  frozenList(draw: Draw, chunk?: number): Promise<string[]>;
  /** committed → drawn with the beacon round's value, once; the draw as it stands after. */
  reveal(drawId: string, value: BeaconRound, drawnAt: string, firstPassOnRank: number): Promise<Draw>;
  /** Stores the ranking (entry ids in rank order); deterministic, so writing it again changes nothing. */
  putRanking(drawId: string, ranked: string[]): Promise<void>;
  /** The entry id at a rank. */
  rankedAt(drawId: string, rank: number): Promise<string | undefined>;
  /** Writes each entry's rank. */
  setRanks(drawId: string, ranked: string[]): Promise<void>;
  /** The first offer of a slot (or its being unclaimed), once: false when it exists already. */
  firstOffer(draw: Draw, slot: Slot, notices: Notice[]): Promise<boolean>;
  /** Every initial offer and rank is written. */
  finish(drawId: string): Promise<void>;
  slot(drawId: string, slotId: string): Promise<Slot | undefined>;
  slots(drawId: string): Promise<Slot[]>;
  /** The holder accepts, from the version read and before the deadline; false when the slot changed. */
  accept(slot: Slot, entry: Entry, now: Date): Promise<boolean>;
  /**
   * One pass-on step, in one transaction: the slot from its holder (still holding it, at the
   * version read) to `to` (or unclaimed), the step numbered after the draw's `passOns` (as read),
   * the draw's next rank, both entries and both notices. 'slot-changed' when the slot moved
   * meanwhile (someone else passed it on, or she accepted); 'draw-changed' when another step took
   * the number (read again and retry).
   */
  passOn(
    draw: Draw,
    slot: Slot,
    step: PassOnStep,
    change: { to?: Holder & { deadline: string }; nextRank: number; reasonCheck: { now: string } },
    notices: Notice[],
  ): Promise<'done' | 'slot-changed' | 'draw-changed'>;
  steps(drawId: string): Promise<PassOnStep[]>;
  /** Offers whose deadline has come, oldest first. */
  dueOffers(now: Date, limit: number): Promise<Slot[]>;
  /** Drawn draws whose offers or ranks are not all written yet. */
  unfinished(): Promise<string[]>;
  /** Draws whose audience is this organisation and whose entries have not closed at `now`. */
  byAudience(organisationId: string, now: Date, page: { limit: number; cursor?: string }): Promise<Page<Draw>>;
  /** Draws whose audience's path starts with `pathPrefix`. */
  bySubtree(pathPrefix: string, page: { limit: number; cursor?: string }): Promise<Page<Draw>>;
  byMember(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Entry>>;
}

export type { SlotRef };
