/**
 * The port to a wallet payment provider's batch transfer (WeChat Pay's merchant transfer to
 * wallet takes 1 to 1,000 items a batch). The provider's rules are the design's rules: a batch
 * and its items are known by our numbers; sending the same batch number again is the same batch
 * (never a second payment); an item is paid again, under a new number, only after the provider
 * has said it failed.
 */

export const MAX_ITEMS_PER_BATCH = 1000;

export interface TransferItem {
  /** Our stable number for this attempt at paying this item. */
  itemNo: string;
  /** The member's wallet identity at the provider (the mini-app openid). */
  recipient: string;
  amountFen: number;
  remark: string;
}

export interface TransferBatch {
  batchNo: string;
  name: string;
  items: TransferItem[];
}

export type ItemOutcome = 'processing' | 'success' | 'fail';

export interface BatchState {
  batchNo: string;
  status: 'accepted' | 'processing' | 'finished' | 'closed';
  items: { itemNo: string; outcome: ItemOutcome; failReason?: string }[];
}

/** A batch as the provider counts it, without its items (one cheap question). */
export interface BatchSummary {
  batchNo: string;
  status: BatchState['status'];
  /** Items in the batch, items paid and items failed (the rest are still being processed). */
  total: number;
  succeeded: number;
  failed: number;
}

export class ProviderUnavailable extends Error {
  override name = 'ProviderUnavailable';
}

export interface PaymentProvider {
  /** Submits a batch; resubmitting the same batch number is answered as the same batch. */
  submit(batch: TransferBatch): Promise<{ batchNo: string; providerBatchId: string }>;
  /** The batch and its items as the provider sees them, or undefined if it never got it. */
  query(batchNo: string): Promise<BatchState | undefined>;
  /** The batch's counts without its items (when every item succeeded, that is all there is to know), or undefined if it never got it. */
  summary(batchNo: string): Promise<BatchSummary | undefined>;
}
