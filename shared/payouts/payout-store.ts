/**
 * The port through which the payout rules (payout-pipeline.ts) reach storage. The DynamoDB adapter
 * (payout-store-dynamodb.ts) implements it with conditional writes; the unit tests with a map.
 * Every change is conditional on the state it was decided on and says whether it happened, so a
 * rule run twice, or by two runners at once, changes things once.
 */
import type { Page } from '../pagination';
import type { PayoutItem } from './payout';

/**
 *   forming   written by the batcher, its items being taken into it (not sent to anyone yet)
 *   created   its items are its own: on the queue, to be submitted under its number
 *   submitted the provider has it (it answered the submission)
 *   settled   every item is final at the provider and recorded
 */
export type BatchStatus = 'forming' | 'created' | 'submitted' | 'settled';

export interface BatchEntry {
  payoutId: string;
  itemNo: string;
  recipient: string;
  amountFen: number;
}

export interface PayoutBatch {
  batchNo: string;
  account: string;
  items: BatchEntry[];
  totalFen: number;
  status: BatchStatus;
  createdAt: string;
  /** When it was last put on the queue (by the batcher, a sweep or the reconciler). */
  queuedAt?: string;
  submittedAt?: string;
  settledAt?: string;
}

/** A batch without its items: what lists of batches return. */
export type BatchHead = Omit<PayoutBatch, 'items'>;

/** Items are written in groups of at most this many, each group one request (a transaction in DynamoDB). */
export const WRITE_GROUP = 100;

/** Where an item stands in its account's line. */
export type QueuePlace = Pick<PayoutItem, 'account' | 'scheduledFor' | 'queuedAt' | 'payoutId'>;

/** What the batcher needs of a queued item (the queue is read a thousand at a time). */
export type QueuedItem = QueuePlace & Pick<PayoutItem, 'itemNo' | 'recipient' | 'amountFen' | 'status'>;

/** A payout item under one of its numbers. */
export type ItemRef = Pick<PayoutItem, 'payoutId' | 'itemNo'>;

export interface PayoutStore {
  item(payoutId: string): Promise<PayoutItem | undefined>;
  /**
   * Queued items of an account due by `day`, in line order, at most `limit`; with `after`, only
   * those behind that item in line (the next page while the previous one is still being batched).
   */
  due(account: string, day: string, limit: number, after?: QueuePlace): Promise<QueuedItem[]>;
  byUser(userId: string): Promise<PayoutItem[]>;

  /** Money committed to batches of an account on a day. */
  usedBudget(account: string, day: string): Promise<number>;
  /** Commits money from the account's day budget; false if it would go over `limitFen`. */
  reserveBudget(account: string, day: string, amountFen: number, limitFen: number): Promise<boolean>;
  /** Gives back money committed to items that were never sent, or that the provider failed. */
  releaseBudget(account: string, day: string, amountFen: number): Promise<void>;

  /** One holder at a time: a lease that lapses by itself after `seconds` if its holder dies. */
  takeLease(name: string, holder: string, now: Date, seconds: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;

  /** Moves a queued item (still under this item number) to a later day, keeping its place in line. */
  reschedule(item: QueuedItem, day: string): Promise<void>;

  /** A new, never used batch number for a day. */
  newBatchNo(day: string): string;
  /** Writes a new batch (once per number). */
  createBatch(batch: PayoutBatch): Promise<void>;
  /**
   * Takes queued items (at most WRITE_GROUP) into a batch under their current item numbers, as one
   * write; for each, whether it was taken (false: it was not queued under that number any more).
   */
  markBatched(items: readonly ItemRef[], batchNo: string): Promise<boolean[]>;
  batch(batchNo: string): Promise<PayoutBatch | undefined>;
  /** Batches in a status, oldest first, without their items. */
  batchesWithStatus(status: BatchStatus): Promise<BatchHead[]>;
  /**
   * Moves a batch from one status to another (`from` may equal `to`) and sets `changes` with it;
   * false if it was not in `from` any more. Only a forming batch changes its items.
   */
  /** A page of batches (all, or those in one status), newest first, without their items. */
  batchPage(status: BatchStatus | undefined, page: { limit: number; cursor?: string }): Promise<Page<BatchHead>>;
  /** Payout items by id, those that exist. */
  itemsById(payoutIds: readonly string[]): Promise<PayoutItem[]>;
  setBatchStatus(
    batchNo: string,
    from: BatchStatus,
    to: BatchStatus,
    at: string,
    changes?: Partial<Pick<PayoutBatch, 'items' | 'totalFen' | 'queuedAt'>>,
  ): Promise<boolean>;

  /**
   * The provider said SUCCESS for these item numbers (at most WRITE_GROUP), as one write: paid,
   * once; for each, whether this call paid it (false: not batched under that number any more).
   */
  markPaid(items: readonly ItemRef[], at: string): Promise<boolean[]>;
  /** The provider said FAIL for this item number: queued again under the next number, once. */
  requeueFailed(item: PayoutItem, itemNo: string, reason: string | undefined, day: string, at: string): Promise<boolean>;
}
