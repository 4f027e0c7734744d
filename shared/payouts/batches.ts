/**
 * What operators read of payout batches: the batches, newest first (all, or in one status), and
 * one batch with what became of each of its items — paid, still with the provider, or failed with
 * the provider's reason (a failed item is queued again under its next number, in a later batch).
 * Plain TypeScript behind the PayoutStore port.
 */
import { NotFound, inChinese } from '../errors';
import type { Page } from '../pagination';
import type { PayoutItem } from './payout';
import type { BatchEntry, BatchHead, BatchStatus, PayoutStore } from './payout-store';

inChinese({ PAYOUT_BATCH_NOT_FOUND: '未找到该发放批次。' });

export class PayoutBatchNotFound extends NotFound {
  constructor() {
    super('The payout batch', 'PAYOUT_BATCH_NOT_FOUND');
  }
}

/** What became of one entry of a batch (an item under one item number). */
export type EntryStatus = 'queued' | 'batched' | 'paid' | 'failed';

export interface BatchEntryView extends BatchEntry {
  status: EntryStatus;
  source?: PayoutItem['source'];
  paidAt?: string;
  failure?: { reason?: string; at: string };
}

export type BatchView = BatchHead & { items: BatchEntryView[] };

/** Batches newest first, optionally only those in `status`. */
export function listBatches(store: PayoutStore, status: BatchStatus | undefined, page: { limit: number; cursor?: string }): Promise<Page<BatchHead>> {
  return store.batchPage(status, page);
}

/**
 * One batch with its items' outcomes:
 *  1. read the batch (its head and entries);
 *  2. read the payout item of every entry;
 *  3. an entry whose number is the item's current one stands where the item stands; an entry
 *     under an older number failed (the item has moved on), with the provider's reason.
 */
export async function batchDetail(store: PayoutStore, batchNo: string): Promise<BatchView> {
  // 1. the batch
  const batch = await store.batch(batchNo);
  if (!batch) throw new PayoutBatchNotFound();
  // 2. its items
  const items = new Map((await store.itemsById(batch.items.map((entry) => entry.payoutId))).map((item) => [item.payoutId, item]));
  // 3. each entry's outcome
  return { ...batch, items: batch.items.map((entry) => entryView(entry, items.get(entry.payoutId))) };
}

export function entryView(entry: BatchEntry, item: PayoutItem | undefined): BatchEntryView {
  const failure = item?.failures?.find((f) => f.itemNo === entry.itemNo);
  const base = { ...entry, ...(item && { source: item.source }) };
  if (failure) return { ...base, status: 'failed', failure: { ...(failure.reason !== undefined && { reason: failure.reason }), at: failure.at } };
  if (item && item.itemNo === entry.itemNo) {
    if (item.status === 'paid') return { ...base, status: 'paid', ...(item.paidAt && { paidAt: item.paidAt }) };
    // Batched under this number, or not taken into it yet (a batch still forming).
    return { ...base, status: item.status };
  }
  // The item moved past this number without a recorded failure: it was never sent under it.
  return { ...base, status: 'queued' };
}
