/**
 * The payout pipeline: batcher → queue → worker → provider → reconciler.
 *
 *  1. formBatches (every minute): under a lease, take due items in order, as many as fit in the
 *     account's day budget (the rest wait for tomorrow, in order, "scheduled for <date>"), reserve
 *     the money, write the batch with its stable number and items, mark the items batched, and put
 *     the batch number on the queue.
 *  2. submitBatch (queue consumer): send the batch to the provider under its number. A timeout,
 *     a 5xx or a lost answer throws, and SQS delivers the same batch number again: the provider
 *     treats it as the same batch, so nobody is paid twice.
 *  3. reconcile (every minute): ask the provider about batches in flight; SUCCESS → paid (once,
 *     for that item number); FAIL → queued again under the next item number, its money released;
 *     a batch the provider never got is put on the queue again; a batch whose items are all final
 *     is settled.
 */
import { randomUUID } from 'node:crypto';
import { forEachLimit } from '../concurrency';
import { MAX_ITEMS_PER_BATCH, ProviderUnavailable, type PaymentProvider } from './payment-provider';
import { shanghaiDay } from './payout';
import type { DynamoPayoutStore, PayoutBatch } from './payout-store-dynamodb';

export type SendBatch = (batchNo: string) => Promise<void>;

const tomorrow = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
const STALE_MS = 2 * 60_000;
/** Item writes are independent conditional updates: a few in flight at once. */
const WRITES_IN_FLIGHT = 16;

export async function formBatches(
  deps: { payouts: DynamoPayoutStore; send: SendBatch },
  options: { account: string; dailyBudgetFen: number; now: Date },
) {
  const { payouts } = deps;
  const { account, now } = options;
  const holder = randomUUID();
  if (!(await payouts.takeLease(`batcher#${account}`, holder, now, 55))) return { batches: [] as string[], rescheduled: 0, busy: true };
  try {
    const day = shanghaiDay(now);
    const batches: string[] = [];
    let rescheduled = 0;
    // First finish what a run that died left behind (we hold the lease, so it is not running): its
    // items are taken into its batch before anything else can see them as due, and its batch is
    // queued again if it may never have been.
    for (const unsent of await payouts.batchesWithStatus('created')) {
      await forEachLimit(unsent.items, WRITES_IN_FLIGHT, async (entry) => {
        const item = await payouts.item(entry.payoutId);
        if (item?.status === 'queued' && item.itemNo === entry.itemNo) await payouts.markBatched(item, unsent.batchNo);
      });
      if (now.getTime() - Date.parse(unsent.createdAt) > STALE_MS) await deps.send(unsent.batchNo);
    }
    for (;;) {
      const due = await payouts.due(account, day, MAX_ITEMS_PER_BATCH);
      if (due.length === 0) break;
      let room = options.dailyBudgetFen - (await payouts.usedBudget(account, day));
      const fitting = [];
      for (const item of due) {
        if (item.amountFen > room) break; // in order: who does not fit waits, and so does everyone after
        fitting.push(item);
        room -= item.amountFen;
      }
      if (fitting.length < due.length) {
        for (const item of due.slice(fitting.length)) await payouts.reschedule(item, tomorrow(day));
        rescheduled += due.length - fitting.length;
      }
      if (fitting.length === 0) break;
      const totalFen = fitting.reduce((sum, item) => sum + item.amountFen, 0);
      if (!(await payouts.reserveBudget(account, day, totalFen, options.dailyBudgetFen))) break;
      const batch: PayoutBatch = {
        batchNo: payouts.newBatchNo(day),
        account,
        items: fitting.map((item) => ({ payoutId: item.payoutId, itemNo: item.itemNo, recipient: item.recipient, amountFen: item.amountFen })),
        totalFen,
        status: 'created',
        createdAt: now.toISOString(),
      };
      await payouts.createBatch(batch);
      await forEachLimit(fitting, WRITES_IN_FLIGHT, async (item) => void (await payouts.markBatched(item, batch.batchNo)));
      await deps.send(batch.batchNo);
      batches.push(batch.batchNo);
      if (due.length < MAX_ITEMS_PER_BATCH) break;
    }
    return { batches, rescheduled, busy: false };
  } finally {
    await payouts.releaseLease(`batcher#${account}`, holder);
  }
}

export async function submitBatch(deps: { payouts: DynamoPayoutStore; provider: PaymentProvider }, batchNo: string, now: Date = new Date()) {
  const batch = await deps.payouts.batch(batchNo);
  if (!batch || batch.status === 'settled') return { submitted: false };
  await deps.provider.submit({
    batchNo,
    name: `union-benefits ${batch.createdAt.slice(0, 10)}`,
    items: batch.items.map((item) => ({ itemNo: item.itemNo, recipient: item.recipient, amountFen: item.amountFen, remark: 'union-benefits payout' })),
  });
  await deps.payouts.setBatchStatus(batch, 'created', 'submitted', now.toISOString());
  return { submitted: true };
}

export async function reconcile(deps: { payouts: DynamoPayoutStore; provider: PaymentProvider; send: SendBatch }, now: Date = new Date()) {
  const report = { paid: 0, failed: 0, settled: 0, resent: 0, unreachable: 0 };
  for (const batch of await deps.payouts.batchesWithStatus('submitted')) {
    let state: Awaited<ReturnType<PaymentProvider['query']>>;
    try {
      state = await deps.provider.query(batch.batchNo);
    } catch (error) {
      // One batch the provider did not answer about does not hold up the others; next run asks again.
      if (!(error instanceof ProviderUnavailable)) throw error;
      report.unreachable++;
      continue;
    }
    if (!state) {
      // It never reached the provider: send the very same batch again.
      await deps.send(batch.batchNo);
      report.resent++;
      continue;
    }
    const outcomes = new Map(state.items.map((item) => [item.itemNo, item]));
    let final = 0;
    await forEachLimit(batch.items, WRITES_IN_FLIGHT, async (entry) => {
      const outcome = outcomes.get(entry.itemNo);
      if (!outcome || outcome.outcome === 'processing') return;
      final++;
      if (outcome.outcome === 'success') {
        if (await deps.payouts.markPaid(entry.payoutId, entry.itemNo, now.toISOString())) report.paid++;
      } else {
        const item = await deps.payouts.item(entry.payoutId);
        if (item && (await deps.payouts.requeueFailed(item, entry.itemNo, outcome.failReason, shanghaiDay(now), now.toISOString()))) {
          await deps.payouts.releaseBudget(batch.account, shanghaiDay(new Date(batch.createdAt)), entry.amountFen);
          report.failed++;
        }
      }
    });
    if (final === batch.items.length) {
      await deps.payouts.setBatchStatus(batch, 'submitted', 'settled', now.toISOString());
      report.settled++;
    }
  }
  return report;
}
