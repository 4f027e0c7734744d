/**
 * The payout pipeline: batcher → queue → worker → provider → reconciler. It reaches storage only
 * through the PayoutStore port and the provider only through the PaymentProvider port.
 *
 *  1. formBatches (every minute, under a lease): first finish what a run that died left behind
 *     (batches still `forming`) and put on the queue again batches that have waited there too long
 *     (`created` for longer than STALE_MS since last queued); then take due items in order, as many
 *     as fit in the account's day budget (the rest wait for tomorrow, in order, "scheduled for
 *     <date>"), reserve the money, write the batch (`forming`) with its stable number and items,
 *     take the items into it, mark it `created` and put its number on the queue.
 *  2. submitBatch (queue consumer): send a `created` batch to the provider under its number. A
 *     timeout, a 5xx or a lost answer is retried at once, in the same invocation, while there is
 *     time: the same number is the same batch at the provider, so nobody is paid twice. Out of
 *     time, it throws and SQS delivers the number again after the queue's (short) visibility
 *     timeout; a worker that dies mid-batch is covered the same way. Any other status: done.
 *  3. reconcile (every minute): ask the provider about `submitted` batches (their counts first,
 *     their items only if some failed or are still in progress); SUCCESS → paid (once, for that
 *     item number); FAIL → queued again under the next item number, its money released; a batch
 *     the provider does not know is `created` again and queued; a batch whose items are all final
 *     is `settled`.
 */
import { randomUUID } from 'node:crypto';
import { queues } from '../resources';
import { MAX_ITEMS_PER_BATCH, ProviderUnavailable, type ItemOutcome, type PaymentProvider, type TransferBatch } from './payment-provider';
import { dayAfter, shanghaiDay } from '../days';
import { WRITE_GROUP, type BatchEntry, type PayoutBatch, type PayoutStore, type QueuedItem } from './payout-store';

export type SendBatch = (batchNo: string) => Promise<void>;

/**
 * Item writes are conditional updates in groups of WRITE_GROUP (one request each): this many
 * groups in flight at once, per function.
 */
export const WRITES_IN_FLIGHT = 4;
/** The reconciler asks the provider about this many batches at once (a slow answer holds up no other). */
const QUERIES_IN_FLIGHT = 4;
/** The batcher's lease: shorter than its function timeout, so a dead run's lease lapses by the next minute. */
export const LEASE_SECONDS = 55;
/**
 * A batch `created` this long ago (or last queued this long ago) that is still not submitted has
 * lost its message (dead-lettered, or a local emulator restarted): the batcher queues it again.
 * Twice the queue's visibility timeout: a message that came back has had a full delivery by then.
 */
export const STALE_MS = 2 * queues.payoutBatches.visibilityTimeoutSeconds * 1000;
/** Time one submission may take (the provider client's timeout and a margin): no attempt starts with less left. */
export const SUBMIT_ATTEMPT_MS = 7_000;
const MAX_SUBMIT_ATTEMPTS = 5;
/** A scheduled run starts no new batch with less than this left before its timeout. */
const RUN_RESERVE_MS = 15_000;
/** The batcher stops earlier: the batches it has started must be finished before its lease (55 s of 60) lapses. */
const BATCHER_RESERVE_MS = 25_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const forever = () => Number.POSITIVE_INFINITY;

/** At most `limit` of the calls given to the returned function run at once (shared across callers). */
function limiter(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

async function eachLimit<T>(items: readonly T[], run: ReturnType<typeof limiter>, work: (item: T, index: number) => Promise<void>) {
  await Promise.all(items.map((item, index) => run(() => work(item, index))));
}

/** `items` in groups of WRITE_GROUP, with the index of each group's first item. */
function groupsOf<T>(items: readonly T[]): { group: T[]; offset: number }[] {
  const groups = [];
  for (let offset = 0; offset < items.length; offset += WRITE_GROUP) groups.push({ group: items.slice(offset, offset + WRITE_GROUP), offset });
  return groups;
}

/**
 * Takes a forming batch's items into it and makes it `created` (queued). An item that was not
 * queued under its number is looked at: already in this batch (a run that died, or one that
 * overran its lease, took it) it stays; otherwise (a stale read of the queue index: it is in
 * another batch, or paid) it is left out and its money released.
 */
async function finishForming(payouts: PayoutStore, batch: PayoutBatch, send: SendBatch, now: Date, writes = limiter(WRITES_IN_FLIGHT)): Promise<string | undefined> {
  const keep = new Array<boolean>(batch.items.length).fill(false);
  await eachLimit(groupsOf(batch.items), writes, async ({ group, offset }) => {
    const taken = await payouts.markBatched(group, batch.batchNo);
    for (const [i, entry] of group.entries()) {
      if (taken[i]) keep[offset + i] = true;
      else {
        const item = await payouts.item(entry.payoutId);
        keep[offset + i] = item?.status === 'batched' && item.batchNo === batch.batchNo && item.itemNo === entry.itemNo;
      }
    }
  });
  const items = batch.items.filter((_, i) => keep[i]);
  const totalFen = items.reduce((sum, entry) => sum + entry.amountFen, 0);
  const at = now.toISOString();
  const budgetDay = shanghaiDay(new Date(batch.createdAt));
  if (items.length === 0) {
    // Nothing of it is ours: there is nothing to send.
    if (await payouts.setBatchStatus(batch.batchNo, 'forming', 'settled', at, { items: [], totalFen: 0 })) {
      await payouts.releaseBudget(batch.account, budgetDay, batch.totalFen);
    }
    return undefined;
  }
  const changed = items.length < batch.items.length ? { items, totalFen } : {};
  if (!(await payouts.setBatchStatus(batch.batchNo, 'forming', 'created', at, { ...changed, queuedAt: at }))) return undefined;
  if (totalFen < batch.totalFen) await payouts.releaseBudget(batch.account, budgetDay, batch.totalFen - totalFen);
  await send(batch.batchNo);
  return batch.batchNo;
}

export interface BatcherReport {
  batches: string[];
  rescheduled: number;
  /** Batches queued again because their message was lost. */
  requeued: number;
  busy: boolean;
}

export async function formBatches(
  deps: { payouts: PayoutStore; send: SendBatch },
  options: { account: string; dailyBudgetFen: number; now: Date; timeLeftMs?: () => number },
): Promise<BatcherReport> {
  const { payouts, send } = deps;
  const { account, now } = options;
  const timeLeft = options.timeLeftMs ?? forever;
  const report: BatcherReport = { batches: [], rescheduled: 0, requeued: 0, busy: false };
  const holder = randomUUID();
  if (!(await payouts.takeLease(`batcher#${account}`, holder, now, LEASE_SECONDS))) return { ...report, busy: true };
  try {
    const at = now.toISOString();
    // What a run that died left forming (we hold the lease, so it is not running): its items are
    // taken into it before anything else can see them as due.
    for (const head of await payouts.batchesWithStatus('forming')) {
      if (head.account !== account) continue;
      const batch = await payouts.batch(head.batchNo);
      const sent = batch && (await finishForming(payouts, batch, send, now));
      if (sent) report.batches.push(sent);
    }
    // Batches whose message was lost: on the queue again, under the same number.
    for (const head of await payouts.batchesWithStatus('created')) {
      if (head.account !== account || now.getTime() - Date.parse(head.queuedAt ?? head.createdAt) < STALE_MS) continue;
      if (await payouts.setBatchStatus(head.batchNo, 'created', 'created', at, { queuedAt: at })) {
        await send(head.batchNo);
        report.requeued++;
      }
    }

    const day = shanghaiDay(now);
    const writes = limiter(WRITES_IN_FLIGHT);
    // While one batch takes its items in, the next is read and written (the writes of both share
    // one limit): the next page of the line starts behind the last item taken, whatever the index says.
    const forming: Promise<void>[] = [];
    let after: QueuedItem | undefined;
    try {
      while (timeLeft() > BATCHER_RESERVE_MS) {
        const due = await payouts.due(account, day, MAX_ITEMS_PER_BATCH, after);
        if (due.length === 0) break;
        let room = options.dailyBudgetFen - (await payouts.usedBudget(account, day));
        const fitting: QueuedItem[] = [];
        for (const item of due) {
          if (item.amountFen > room) break; // in order: who does not fit waits, and so does everyone after
          fitting.push(item);
          room -= item.amountFen;
        }
        const waiting = due.slice(fitting.length);
        await eachLimit(waiting, writes, (item) => payouts.reschedule(item, dayAfter(day)));
        report.rescheduled += waiting.length;
        if (fitting.length === 0) break;
        const totalFen = fitting.reduce((sum, item) => sum + item.amountFen, 0);
        if (!(await payouts.reserveBudget(account, day, totalFen, options.dailyBudgetFen))) break;
        const batch: PayoutBatch = {
          batchNo: payouts.newBatchNo(day),
          account,
          items: fitting.map((item): BatchEntry => ({ payoutId: item.payoutId, itemNo: item.itemNo, recipient: item.recipient, amountFen: item.amountFen })),
          totalFen,
          status: 'forming',
          createdAt: at,
        };
        await payouts.createBatch(batch);
        forming.push(
          finishForming(payouts, batch, send, now, writes).then((sent) => {
            if (sent) report.batches.push(sent);
          }),
        );
        if (due.length < MAX_ITEMS_PER_BATCH || waiting.length > 0) break;
        after = fitting.at(-1);
        // One batch ahead at most.
        if (forming.length >= 2) await forming.shift();
      }
    } finally {
      const outcomes = await Promise.allSettled(forming);
      const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failure) throw failure.reason;
    }
    return report;
  } finally {
    await payouts.releaseLease(`batcher#${account}`, holder);
  }
}

export const transferOf = (batch: PayoutBatch): TransferBatch => ({
  batchNo: batch.batchNo,
  name: `union-benefits ${batch.createdAt.slice(0, 10)}`,
  items: batch.items.map((item) => ({ itemNo: item.itemNo, recipient: item.recipient, amountFen: item.amountFen, remark: 'union-benefits payout' })),
});

/**
 * Submits a `created` batch under its own number, retrying a provider that timed out or lost its
 * answer while the invocation has time for another attempt (then it throws, and SQS delivers the
 * number again). A batch in any other status is left alone: forming is not ours to send yet,
 * submitted and settled are with the provider already.
 */
export async function submitBatch(
  deps: { payouts: PayoutStore; provider: PaymentProvider },
  batchNo: string,
  options: { now?: Date; timeLeftMs?: () => number; retryDelayMs?: number } = {},
): Promise<{ submitted: boolean; attempts: number }> {
  const timeLeft = options.timeLeftMs ?? forever;
  const batch = await deps.payouts.batch(batchNo);
  if (!batch || batch.status !== 'created') return { submitted: false, attempts: 0 };
  const transfer = transferOf(batch);
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      await deps.provider.submit(transfer);
      break;
    } catch (error) {
      if (!(error instanceof ProviderUnavailable) || attempts >= MAX_SUBMIT_ATTEMPTS || timeLeft() < SUBMIT_ATTEMPT_MS) throw error;
      await sleep((options.retryDelayMs ?? 100) * attempts);
    }
  }
  await deps.payouts.setBatchStatus(batchNo, 'created', 'submitted', (options.now ?? new Date()).toISOString());
  return { submitted: true, attempts };
}

export interface ReconcileReport {
  paid: number;
  failed: number;
  settled: number;
  resent: number;
  unreachable: number;
  /** Batches not looked at because the run was out of time. */
  deferred: number;
}

export async function reconcile(
  deps: { payouts: PayoutStore; provider: PaymentProvider; send: SendBatch },
  options: { now?: Date; timeLeftMs?: () => number } = {},
): Promise<ReconcileReport> {
  const { payouts, provider } = deps;
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const timeLeft = options.timeLeftMs ?? forever;
  const report: ReconcileReport = { paid: 0, failed: 0, settled: 0, resent: 0, unreachable: 0, deferred: 0 };
  // Item writes of every batch share one limit; questions to the provider run beside them.
  const writes = limiter(WRITES_IN_FLIGHT);
  await eachLimit(await payouts.batchesWithStatus('submitted'), limiter(QUERIES_IN_FLIGHT), async (head) => {
    if (timeLeft() < RUN_RESERVE_MS) {
      report.deferred++;
      return;
    }
    let outcomes: Map<string, { outcome: ItemOutcome; failReason?: string }> | 'all-succeeded';
    let batch: PayoutBatch | undefined;
    try {
      // First the counts (one question); the items only when some failed or are still being paid.
      const summary = await provider.summary(head.batchNo);
      if (!summary) {
        // The provider does not know it (it lost it): the very same batch again, under its number.
        if (await payouts.setBatchStatus(head.batchNo, 'submitted', 'created', at, { queuedAt: at })) {
          await deps.send(head.batchNo);
          report.resent++;
        }
        return;
      }
      if (summary.succeeded + summary.failed === 0) return;
      batch = await payouts.batch(head.batchNo);
      if (!batch) return;
      if (summary.succeeded === batch.items.length && summary.total === batch.items.length) outcomes = 'all-succeeded';
      else {
        const state = await provider.query(head.batchNo);
        if (!state) return;
        outcomes = new Map(state.items.filter((item) => item.outcome !== 'processing').map((item) => [item.itemNo, item]));
      }
    } catch (error) {
      // One batch the provider did not answer about holds up no other; the next run asks again.
      if (!(error instanceof ProviderUnavailable)) throw error;
      report.unreachable++;
      return;
    }
    const outcomeOf = (entry: BatchEntry) => (outcomes === 'all-succeeded' ? 'success' : outcomes.get(entry.itemNo)?.outcome);
    const reasonOf = (entry: BatchEntry) => (outcomes === 'all-succeeded' ? undefined : outcomes.get(entry.itemNo)?.failReason);
    const account = batch.account;
    const budgetDay = shanghaiDay(new Date(batch.createdAt));
    const succeeded = batch.items.filter((entry) => outcomeOf(entry) === 'success');
    const failed = batch.items.filter((entry) => outcomeOf(entry) === 'fail');
    await Promise.all([
      eachLimit(groupsOf(succeeded), writes, async ({ group }) => {
        const paid = (await payouts.markPaid(group, at)).filter(Boolean).length;
        report.paid += paid;
      }),
      eachLimit(failed, writes, async (entry) => {
        const item = await payouts.item(entry.payoutId);
        if (item && (await payouts.requeueFailed(item, entry.itemNo, reasonOf(entry), shanghaiDay(now), at))) {
          await payouts.releaseBudget(account, budgetDay, entry.amountFen);
          report.failed++;
        }
      }),
    ]);
    if (succeeded.length + failed.length === batch.items.length && (await payouts.setBatchStatus(batch.batchNo, 'submitted', 'settled', at))) report.settled++;
  });
  return report;
}
