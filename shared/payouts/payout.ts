/**
 * Money owed to a member — an approved subsidy or insurance claim — on its way to her wallet.
 * A payout item is created in the same transaction that makes its source payable, so nothing
 * approved is ever forgotten; it is paid through batches (see payout-pipeline.ts).
 *
 *   queued (scheduledFor a day) → batched (in a batch, under item number <id>-<attempt>) → paid
 *                                          ↘ the provider said FAIL → queued again, attempt + 1
 */
import { shanghaiDay } from '../days';

export interface PayoutItem {
  payoutId: string;
  source: { kind: 'subsidy' | 'claim'; id: string };
  userId: string;
  /** The member's wallet identity at the provider. */
  recipient: string;
  amountFen: number;
  /** The merchant account that pays it (each has a daily budget). */
  account: string;
  status: 'queued' | 'batched' | 'paid';
  attempt: number;
  itemNo: string;
  batchNo?: string;
  /** Asia/Shanghai day from which it may be paid ("scheduled for" when over a day's budget). */
  scheduledFor: string;
  queuedAt: string;
  paidAt?: string;
  failures?: { itemNo: string; reason?: string; at: string }[];
}

export const DEFAULT_ACCOUNT = 'default';


export const itemNoOf = (payoutId: string, attempt: number) => `${payoutId}-${attempt}`;

/** A new payout item for a source; its id is the source's, so a source is never owed twice. */
export function payoutFor(source: PayoutItem['source'], userId: string, amountFen: number, now: Date): PayoutItem {
  const payoutId = `${source.kind === 'subsidy' ? 'S' : 'C'}${source.id.replace(/-/g, '')}`;
  return {
    payoutId,
    source,
    userId,
    recipient: userId,
    amountFen,
    account: DEFAULT_ACCOUNT,
    status: 'queued',
    attempt: 1,
    itemNo: itemNoOf(payoutId, 1),
    scheduledFor: shanghaiDay(now),
    queuedAt: now.toISOString(),
  };
}
