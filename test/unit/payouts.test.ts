/**
 * The payout rules (shared/payouts/payout-pipeline.ts) with an in-memory PayoutStore and a fake
 * provider that keeps the provider's promises (a batch number is one batch; an item number is
 * paid once): batching, submission, reconciliation and the recovery of a stalled batch. No database.
 */
import { describe, expect, it } from 'vitest';
import {
  ProviderUnavailable,
  type BatchState,
  type BatchSummary,
  type ItemOutcome,
  type PaymentProvider,
  type TransferBatch,
} from '../../shared/payouts/payment-provider';
import { payouts as payoutFunctions } from '../../shared/payouts/functions';
import { itemNoOf, payoutFor, type PayoutItem } from '../../shared/payouts/payout';
import { batchDetail, listBatches, PayoutBatchNotFound } from '../../shared/payouts/batches';
import { formBatches, LEASE_SECONDS, reconcile, STALE_MS, submitBatch, SUBMIT_ATTEMPT_MS, transferOf } from '../../shared/payouts/payout-pipeline';
import { WRITE_GROUP, type BatchHead, type BatchStatus, type ItemRef, type PayoutBatch, type PayoutStore, type QueuedItem, type QueuePlace } from '../../shared/payouts/payout-store';
import { queues } from '../../shared/resources';

const clone = <T>(value: T): T => structuredClone(value);
const queueOrder = (item: QueuePlace) => `${item.scheduledFor}#${item.queuedAt}#${item.payoutId}`;

/** The PayoutStore's promises in a few maps: every change conditional, as the DynamoDB adapter's. */
class MemoryPayoutStore implements PayoutStore {
  readonly items = new Map<string, PayoutItem>();
  readonly batches = new Map<string, PayoutBatch>();
  readonly budgets = new Map<string, number>();
  readonly leases = new Map<string, { holder: string; expiresAt: number }>();
  /** What the next `due` answers instead of the truth (a read of an index that lags behind). */
  staleDue?: PayoutItem[];
  /** The queue index still lists items taken into batches (as a GSI does for a moment). */
  indexLags = false;
  /** Throws after this many more item groups are taken into batches (a batcher that dies). */
  dieAfterGroups?: number;
  private batchCount = 0;

  add(...items: PayoutItem[]) {
    for (const item of items) this.items.set(item.payoutId, clone(item));
  }

  async item(payoutId: string) {
    const item = this.items.get(payoutId);
    return item && clone(item);
  }

  async due(account: string, day: string, limit: number, after?: QueuePlace) {
    if (this.staleDue) {
      const stale = this.staleDue;
      this.staleDue = undefined;
      return clone(stale);
    }
    return [...this.items.values()]
      .filter((item) => (item.status === 'queued' || this.indexLags) && item.account === account && item.scheduledFor <= day && (!after || queueOrder(item) > queueOrder(after)))
      .sort((a, b) => queueOrder(a).localeCompare(queueOrder(b)))
      .slice(0, limit)
      .map(clone);
  }

  async byUser(userId: string) {
    return [...this.items.values()].filter((item) => item.userId === userId).map(clone);
  }

  async usedBudget(account: string, day: string) {
    return this.budgets.get(`${account}#${day}`) ?? 0;
  }

  async reserveBudget(account: string, day: string, amountFen: number, limitFen: number) {
    const used = this.budgets.get(`${account}#${day}`) ?? 0;
    if (used + amountFen > limitFen) return false;
    this.budgets.set(`${account}#${day}`, used + amountFen);
    return true;
  }

  async releaseBudget(account: string, day: string, amountFen: number) {
    this.budgets.set(`${account}#${day}`, (this.budgets.get(`${account}#${day}`) ?? 0) - amountFen);
  }

  async takeLease(name: string, holder: string, now: Date, seconds: number) {
    const lease = this.leases.get(name);
    if (lease && lease.expiresAt >= now.getTime()) return false;
    this.leases.set(name, { holder, expiresAt: now.getTime() + seconds * 1000 });
    return true;
  }

  async releaseLease(name: string, holder: string) {
    const lease = this.leases.get(name);
    if (lease?.holder === holder) lease.expiresAt = 0;
  }

  async reschedule(item: QueuedItem, day: string) {
    const stored = this.items.get(item.payoutId);
    if (stored?.status === 'queued' && stored.itemNo === item.itemNo) stored.scheduledFor = day;
  }

  newBatchNo(day: string) {
    return `PB${day.replace(/-/g, '')}${String(++this.batchCount).padStart(4, '0')}`;
  }

  async createBatch(batch: PayoutBatch) {
    if (this.batches.has(batch.batchNo)) throw new Error(`batch ${batch.batchNo} exists`);
    this.batches.set(batch.batchNo, clone(batch));
  }

  async markBatched(items: readonly ItemRef[], batchNo: string) {
    if (this.dieAfterGroups !== undefined && this.dieAfterGroups-- <= 0) throw new Error('the batcher died');
    return this.move(items, 'queued', { status: 'batched', batchNo });
  }

  /** Each item moved on from `from` as a conditional write would: only as read (status and item number). */
  private move(items: readonly ItemRef[], from: PayoutItem['status'], change: Partial<PayoutItem>) {
    expect(items.length).toBeLessThanOrEqual(WRITE_GROUP);
    return items.map((ref) => {
      const item = this.items.get(ref.payoutId);
      if (item?.status !== from || item.itemNo !== ref.itemNo) return false;
      Object.assign(item, change);
      return true;
    });
  }

  async batch(batchNo: string) {
    const batch = this.batches.get(batchNo);
    return batch && clone(batch);
  }

  async batchesWithStatus(status: BatchStatus): Promise<BatchHead[]> {
    return [...this.batches.values()]
      .filter((batch) => batch.status === status)
      .sort((a, b) => `${a.createdAt}#${a.batchNo}`.localeCompare(`${b.createdAt}#${b.batchNo}`))
      .map(({ items: _items, ...head }) => clone(head));
  }

  async batchPage(status: BatchStatus | undefined, page: { limit: number; cursor?: string }) {
    const all = [...this.batches.values()]
      .filter((batch) => !status || batch.status === status)
      .sort((a, b) => `${b.createdAt}#${b.batchNo}`.localeCompare(`${a.createdAt}#${a.batchNo}`));
    const start = page.cursor ? Number(page.cursor) : 0;
    const items = all.slice(start, start + page.limit).map(({ items: _items, ...head }) => clone(head));
    return { items, ...(start + page.limit < all.length && { cursor: String(start + page.limit) }) };
  }

  async itemsById(payoutIds: readonly string[]) {
    return payoutIds.flatMap((id) => (this.items.has(id) ? [clone(this.items.get(id)!)] : []));
  }

  async setBatchStatus(batchNo: string, from: BatchStatus, to: BatchStatus, at: string, changes: Partial<Pick<PayoutBatch, 'items' | 'totalFen' | 'queuedAt'>> = {}) {
    const batch = this.batches.get(batchNo);
    if (batch?.status !== from) return false;
    Object.assign(batch, clone(changes), { status: to });
    if (to === 'submitted') batch.submittedAt ??= at;
    if (to === 'settled') batch.settledAt = at;
    return true;
  }

  async markPaid(items: readonly ItemRef[], at: string) {
    return this.move(items, 'batched', { status: 'paid', paidAt: at });
  }

  async requeueFailed(item: PayoutItem, itemNo: string, reason: string | undefined, day: string, at: string) {
    const stored = this.items.get(item.payoutId);
    if (stored?.status !== 'batched' || stored.itemNo !== itemNo) return false;
    const attempt = stored.attempt + 1;
    Object.assign(stored, { status: 'queued', attempt, itemNo: itemNoOf(stored.payoutId, attempt), scheduledFor: day, queuedAt: at });
    delete stored.batchNo;
    stored.failures = [...(stored.failures ?? []), { itemNo, reason, at }];
    return true;
  }
}

type Behaviour = 'ok' | 'timeout' | 'lost-answer';

/** A wallet provider that keeps the provider's promises, and can time out or lose an answer. */
class FakeProvider implements PaymentProvider {
  readonly batches = new Map<string, { items: TransferBatch['items']; outcomes: Map<string, ItemOutcome> }>();
  /** Every submission it was asked for, in order. */
  readonly submissions: TransferBatch[] = [];
  /** What the next submissions do (then 'ok'). */
  readonly plan: Behaviour[] = [];
  /** Item numbers that will FAIL; all others SUCCESS (or 'processing' while `settleNow` is false). */
  readonly failing = new Set<string>();
  settleNow = true;
  /** Batches it cannot answer about (each question times out). */
  readonly unreachable = new Set<string>();

  async submit(batch: TransferBatch) {
    this.submissions.push(clone(batch));
    const behaviour = this.plan.shift() ?? 'ok';
    if (behaviour === 'timeout') throw new ProviderUnavailable('timed out');
    const known = this.batches.get(batch.batchNo);
    if (known) {
      if (JSON.stringify(known.items) !== JSON.stringify(batch.items)) throw new Error(`PARAM_ERROR: ${batch.batchNo} reused with other items`);
    } else {
      const used = new Set([...this.batches.values()].flatMap((b) => b.items.map((item) => item.itemNo)));
      if (batch.items.some((item) => used.has(item.itemNo))) throw new Error('PARAM_ERROR: item number already used');
      this.batches.set(batch.batchNo, { items: clone(batch.items), outcomes: new Map(batch.items.map((item) => [item.itemNo, 'processing'])) });
    }
    if (this.settleNow) this.settle();
    if (behaviour === 'lost-answer') throw new ProviderUnavailable('socket hang up');
    return { batchNo: batch.batchNo, providerBatchId: `W${batch.batchNo}` };
  }

  settle() {
    for (const batch of this.batches.values()) {
      for (const [itemNo, outcome] of batch.outcomes) if (outcome === 'processing') batch.outcomes.set(itemNo, this.failing.has(itemNo) ? 'fail' : 'success');
    }
  }

  async query(batchNo: string): Promise<BatchState | undefined> {
    if (this.unreachable.has(batchNo)) throw new ProviderUnavailable('timed out');
    const batch = this.batches.get(batchNo);
    if (!batch) return undefined;
    const items = [...batch.outcomes].map(([itemNo, outcome]) => ({ itemNo, outcome, ...(outcome === 'fail' && { failReason: 'ACCOUNT_FROZEN' }) }));
    return { batchNo, status: items.every((item) => item.outcome !== 'processing') ? 'finished' : 'processing', items };
  }

  async summary(batchNo: string): Promise<BatchSummary | undefined> {
    const state = await this.query(batchNo);
    if (!state) return undefined;
    const count = (outcome: ItemOutcome) => state.items.filter((item) => item.outcome === outcome).length;
    return { batchNo, status: state.status, total: state.items.length, succeeded: count('success'), failed: count('fail') };
  }

  /** Money paid per recipient (SUCCESS only), as the provider's ledger. */
  paid(recipient: string) {
    let total = 0;
    for (const batch of this.batches.values()) {
      for (const item of batch.items) if (item.recipient === recipient && batch.outcomes.get(item.itemNo) === 'success') total += item.amountFen;
    }
    return total;
  }

  /** Forgets a batch, as a provider that lost it would. */
  forget(batchNo: string) {
    this.batches.delete(batchNo);
  }
}

const NOW = new Date('2026-11-24T02:00:00Z'); // 10:00 in Shanghai
const DAY = '2026-11-24';
const later = (ms: number, from = NOW) => new Date(from.getTime() + ms);

/** `n` items owed, queued one millisecond apart (so their order in line is their number). */
function owe(store: MemoryPayoutStore, n: number, amountFen = 100_000, prefix = 'p', at = NOW): PayoutItem[] {
  const items = Array.from({ length: n }, (_, i) => payoutFor({ kind: 'subsidy', id: `${prefix}-${String(i).padStart(5, '0')}` }, `${prefix}-member-${i}`, amountFen, later(i, at)));
  store.add(...items);
  return items;
}

function setup() {
  const store = new MemoryPayoutStore();
  const provider = new FakeProvider();
  const queue: string[] = [];
  const send = async (batchNo: string) => void queue.push(batchNo);
  const batcher = (now = NOW, dailyBudgetFen = 1_000_000_000) => formBatches({ payouts: store, send }, { account: 'default', dailyBudgetFen, now });
  const worker = (batchNo: string, options: Parameters<typeof submitBatch>[2] = {}) => submitBatch({ payouts: store, provider }, batchNo, { now: NOW, retryDelayMs: 0, ...options });
  const reconciler = (now = NOW) => reconcile({ payouts: store, provider, send }, { now });
  /** The worker takes every queued message; a failure leaves the message to come back. */
  const drain = async () => {
    while (queue.length > 0) await worker(queue.shift()!);
  };
  return { store, provider, queue, send, batcher, worker, reconciler, drain };
}

describe('batching', () => {
  it('takes due items in line order, at most 1,000 a batch, and queues each batch once its items are its own', async () => {
    const { store, queue, batcher } = setup();
    const items = owe(store, 2_500);
    const report = await batcher();
    expect(report.batches).toHaveLength(3);
    expect(queue).toEqual(report.batches);
    const batches = await Promise.all(report.batches.map((batchNo) => store.batch(batchNo)));
    expect(batches.map((batch) => batch!.items.length)).toEqual([1000, 1000, 500]);
    expect(batches.flatMap((batch) => batch!.items.map((entry) => entry.payoutId))).toEqual(items.map((item) => item.payoutId));
    expect(batches.map((batch) => batch!.status)).toEqual(['created', 'created', 'created']);
    expect(batches[0]!.totalFen).toBe(1000 * 100_000);
    const first = store.items.get(items[0]!.payoutId)!;
    expect(first).toMatchObject({ status: 'batched', batchNo: report.batches[0], itemNo: `${first.payoutId}-1` });
    expect(store.items.get(items[2_499]!.payoutId)!.batchNo).toBe(report.batches[2]);
    expect(await store.usedBudget('default', DAY)).toBe(2_500 * 100_000);
  });

  it('reads each next page of the line behind the last item taken, even while the index still lists those', async () => {
    const { store, queue, batcher } = setup();
    const items = owe(store, 2_500);
    store.indexLags = true;
    const report = await batcher();
    const batches = await Promise.all(report.batches.map((batchNo) => store.batch(batchNo)));
    expect(batches.map((batch) => batch!.items.length)).toEqual([1000, 1000, 500]);
    expect(batches.flatMap((batch) => batch!.items.map((entry) => entry.payoutId))).toEqual(items.map((item) => item.payoutId));
    expect(queue).toHaveLength(3);
  });

  it("keeps within the day's budget in line order; the rest are scheduled for the next day, in the same order", async () => {
    const { store, batcher, queue } = setup();
    const items = owe(store, 5, 300_000);
    const report = await batcher(NOW, 1_000_000); // room for three of five
    expect(report.rescheduled).toBe(2);
    const batch = (await store.batch(queue[0]!))!;
    expect(batch.items.map((entry) => entry.payoutId)).toEqual(items.slice(0, 3).map((item) => item.payoutId));
    expect(await store.usedBudget('default', DAY)).toBe(900_000);
    for (const item of items.slice(3)) expect(store.items.get(item.payoutId)).toMatchObject({ status: 'queued', scheduledFor: '2026-11-25' });

    // Nothing more today, however often it runs.
    expect((await batcher(later(60_000), 1_000_000)).batches).toEqual([]);
    // The next day, the two in their order.
    const nextDay = await batcher(new Date('2026-11-25T02:00:00Z'), 1_000_000);
    expect((await store.batch(nextDay.batches[0]!))!.items.map((entry) => entry.payoutId)).toEqual(items.slice(3).map((item) => item.payoutId));
    expect(await store.usedBudget('default', '2026-11-25')).toBe(600_000);
  });

  it('lets no one jump the line: when one does not fit, everyone after waits, even those who would', async () => {
    const { store, batcher, queue } = setup();
    const [small] = owe(store, 1, 300_000, 'a');
    const [big] = owe(store, 1, 800_000, 'b', later(10));
    const [tiny] = owe(store, 1, 100_000, 'c', later(20));
    await batcher(NOW, 1_000_000);
    expect((await store.batch(queue[0]!))!.items.map((entry) => entry.payoutId)).toEqual([small!.payoutId]);
    expect(store.items.get(big!.payoutId)!.scheduledFor).toBe('2026-11-25');
    expect(store.items.get(tiny!.payoutId)!.scheduledFor).toBe('2026-11-25');
  });

  it('runs one batcher at a time: under a live lease it does nothing; the lease lapses by itself', async () => {
    const { store, batcher } = setup();
    owe(store, 10);
    expect(await store.takeLease('batcher#default', 'a run that died', NOW, LEASE_SECONDS)).toBe(true);
    const blocked = await batcher(later(30_000));
    expect(blocked).toMatchObject({ busy: true, batches: [] });
    expect([...store.items.values()].every((item) => item.status === 'queued')).toBe(true);
    const after = await batcher(later(LEASE_SECONDS * 1000 + 1));
    expect(after.busy).toBe(false);
    expect(after.batches).toHaveLength(1);
    // And it gives the lease back when done.
    expect(store.leases.get('batcher#default')!.expiresAt).toBe(0);
  });

  it('leaves out of a batch an item a lagging index still shows as queued, and gives its money back', async () => {
    const { store, batcher, queue } = setup();
    const items = owe(store, 3);
    await batcher();
    const [earlier] = queue.splice(0);
    const [fresh] = owe(store, 1, 100_000, 'q', later(1_000));
    // The index lags: it still lists an item of the earlier batch as queued, next to a new one.
    store.staleDue = [items[0]!, fresh!];
    const report = await batcher(later(2_000));
    const batch = (await store.batch(report.batches[0]!))!;
    expect(batch.items.map((entry) => entry.payoutId)).toEqual([fresh!.payoutId]);
    expect(batch.totalFen).toBe(100_000);
    expect(store.items.get(items[0]!.payoutId)!.batchNo).toBe(earlier);
    expect(await store.usedBudget('default', DAY)).toBe(4 * 100_000);
  });

  it('two batchers at once (a run that overran its lease) batch no one twice and strand no one', async () => {
    const { store, batcher, queue } = setup();
    const items = owe(store, 1_000);
    store.takeLease = async () => true; // the lease lapsed under a run still going
    await Promise.all([batcher(), batcher()]);
    const batches = await Promise.all(queue.map((batchNo) => store.batch(batchNo)));
    const entries = batches.flatMap((batch) => batch!.items.map((entry) => ({ ...entry, batchNo: batch!.batchNo })));
    expect(entries).toHaveLength(1_000);
    expect(new Set(entries.map((entry) => entry.payoutId)).size).toBe(1_000);
    for (const entry of entries) expect(store.items.get(entry.payoutId)).toMatchObject({ status: 'batched', batchNo: entry.batchNo });
    expect(batches.every((batch) => batch!.totalFen === batch!.items.length * 100_000)).toBe(true);
    expect(await store.usedBudget('default', DAY)).toBe(items.length * 100_000);
  });

  it('two runs finishing the same forming batch at once keep every item in it and send it once', async () => {
    const { store, batcher, queue } = setup();
    const items = owe(store, 300);
    await store.createBatch({
      batchNo: 'PB-LEFT',
      account: 'default',
      items: items.map((item) => ({ payoutId: item.payoutId, itemNo: item.itemNo, recipient: item.recipient, amountFen: item.amountFen })),
      totalFen: 300 * 100_000,
      status: 'forming',
      createdAt: NOW.toISOString(),
    });
    await store.reserveBudget('default', DAY, 300 * 100_000, 1e12);
    store.takeLease = async () => true;
    await Promise.all([batcher(later(1_000)), batcher(later(1_000))]);
    expect(queue).toEqual(['PB-LEFT']);
    expect((await store.batch('PB-LEFT'))!).toMatchObject({ status: 'created', totalFen: 300 * 100_000 });
    expect((await store.batch('PB-LEFT'))!.items).toHaveLength(300);
    expect([...store.items.values()].every((item) => item.batchNo === 'PB-LEFT')).toBe(true);
    expect(await store.usedBudget('default', DAY)).toBe(300 * 100_000);
  });

  it("finishes a batch a dead run left forming before taking anything new, without batching anyone twice", async () => {
    const { store, batcher, queue } = setup();
    const items = owe(store, 1_000);
    store.dieAfterGroups = 3; // dies after taking 300 of the 1,000 in
    await expect(batcher()).rejects.toThrow('the batcher died');
    store.dieAfterGroups = undefined;
    const [dead] = await store.batchesWithStatus('forming');
    expect(dead).toBeDefined();
    expect(queue).toEqual([]);
    owe(store, 10, 100_000, 'new', later(5_000));

    const report = await batcher(later(LEASE_SECONDS * 1000 + 1));
    expect(report.batches[0]).toBe(dead!.batchNo);
    const finished = (await store.batch(dead!.batchNo))!;
    expect(finished).toMatchObject({ status: 'created' });
    expect(finished.items).toHaveLength(1_000);
    expect(items.every((item) => store.items.get(item.payoutId)!.batchNo === dead!.batchNo)).toBe(true);
    // The new items went into a batch of their own, after it.
    expect(report.batches).toHaveLength(2);
    expect((await store.batch(report.batches[1]!))!.items.every((entry) => entry.payoutId.startsWith('Snew'))).toBe(true);
    expect(queue).toEqual(report.batches);
  });
});

describe('submission', () => {
  it('sends the same batch number with the same items on every retry, and pays once', async () => {
    const { store, provider, batcher, worker, queue } = setup();
    const items = owe(store, 3);
    await batcher();
    provider.plan.push('timeout', 'lost-answer');
    const result = await worker(queue[0]!);
    expect(result).toEqual({ submitted: true, attempts: 3 });
    expect(provider.submissions.map((s) => s.batchNo)).toEqual([queue[0], queue[0], queue[0]]);
    expect(new Set(provider.submissions.map((s) => JSON.stringify(s.items))).size).toBe(1);
    expect((await store.batch(queue[0]!))!.status).toBe('submitted');
    for (const item of items) expect(provider.paid(item.recipient)).toBe(100_000);
  });

  it('throws when out of time for another attempt, leaving the batch queued for SQS to deliver again', async () => {
    const { store, provider, batcher, worker, queue } = setup();
    owe(store, 2);
    await batcher();
    provider.plan.push('timeout');
    await expect(worker(queue[0]!, { timeLeftMs: () => SUBMIT_ATTEMPT_MS - 1 })).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(provider.submissions).toHaveLength(1);
    expect((await store.batch(queue[0]!))!.status).toBe('created');
    // Delivered again: the same number.
    expect(await worker(queue[0]!)).toEqual({ submitted: true, attempts: 1 });
    expect(provider.submissions.map((s) => s.batchNo)).toEqual([queue[0], queue[0]]);
  });

  it('does not retry what the provider refused outright', async () => {
    const { store, provider, batcher, worker, queue } = setup();
    owe(store, 1);
    await batcher();
    provider.submit = async () => {
      throw new Error('The provider refused batch: 400 PARAM_ERROR');
    };
    await expect(worker(queue[0]!)).rejects.toThrow(/refused/);
    expect((await store.batch(queue[0]!))!.status).toBe('created');
  });

  it('leaves alone a message for a batch that is already with the provider, or not ready to send', async () => {
    const { store, provider, batcher, worker, queue } = setup();
    owe(store, 2);
    await batcher();
    await worker(queue[0]!);
    expect(await worker(queue[0]!)).toEqual({ submitted: false, attempts: 0 }); // a duplicate delivery
    expect(await worker('PB-NO-SUCH-BATCH')).toEqual({ submitted: false, attempts: 0 });
    await store.createBatch({ batchNo: 'PB-FORMING', account: 'default', items: [], totalFen: 0, status: 'forming', createdAt: NOW.toISOString() });
    expect(await worker('PB-FORMING')).toEqual({ submitted: false, attempts: 0 });
    expect(provider.submissions).toHaveLength(1);
  });
});

describe('reconciliation', () => {
  it('SUCCESS: paid once, however often it runs, and the batch settled', async () => {
    const { store, provider, batcher, drain, reconciler } = setup();
    const items = owe(store, 250);
    await batcher();
    await drain();
    const first = await reconciler(later(1_000));
    expect(first).toMatchObject({ paid: 250, failed: 0, settled: 1, resent: 0 });
    expect(await reconciler(later(2_000))).toMatchObject({ paid: 0, settled: 0 });
    for (const item of items) {
      expect(store.items.get(item.payoutId)).toMatchObject({ status: 'paid', paidAt: later(1_000).toISOString() });
      expect(provider.paid(item.recipient)).toBe(100_000);
    }
    expect(await store.batchesWithStatus('settled')).toHaveLength(1);
  });

  it('FAIL: queued again under the next item number, its money released, then paid under that number only', async () => {
    const { store, provider, batcher, drain, reconciler } = setup();
    const [ok, frozen] = owe(store, 2, 200_000);
    provider.failing.add(frozen!.itemNo);
    await batcher();
    await drain();
    expect(await store.usedBudget('default', DAY)).toBe(400_000);
    const report = await reconciler(later(1_000));
    expect(report).toMatchObject({ paid: 1, failed: 1, settled: 1 });
    expect(store.items.get(frozen!.payoutId)).toMatchObject({
      status: 'queued',
      attempt: 2,
      itemNo: `${frozen!.payoutId}-2`,
      scheduledFor: DAY,
      failures: [{ itemNo: `${frozen!.payoutId}-1`, reason: 'ACCOUNT_FROZEN' }],
    });
    expect(store.items.get(frozen!.payoutId)!.batchNo).toBeUndefined();
    expect(await store.usedBudget('default', DAY)).toBe(200_000);
    // A second look at the same batch fails it no further.
    expect(await reconciler(later(2_000))).toMatchObject({ failed: 0 });

    // The next batch carries the new number; it is paid once.
    const next = await batcher(later(3_000));
    expect((await store.batch(next.batches[0]!))!.items.map((entry) => entry.itemNo)).toEqual([`${frozen!.payoutId}-2`]);
    await drain();
    expect(await reconciler(later(4_000))).toMatchObject({ paid: 1 });
    expect(provider.paid(frozen!.recipient)).toBe(200_000);
    expect(provider.paid(ok!.recipient)).toBe(200_000);
    expect(store.items.get(frozen!.payoutId)!.status).toBe('paid');
  });

  it('a batch the provider does not know is queued again under the same number', async () => {
    const { store, provider, batcher, drain, reconciler, queue } = setup();
    const items = owe(store, 3);
    await batcher();
    await drain();
    const [batchNo] = [...store.batches.keys()];
    provider.forget(batchNo!);
    expect(await reconciler(later(1_000))).toMatchObject({ resent: 1, paid: 0 });
    expect(queue).toEqual([batchNo]);
    expect((await store.batch(batchNo!))!.status).toBe('created');
    await drain();
    expect(provider.submissions.map((s) => s.batchNo)).toEqual([batchNo, batchNo]);
    expect(await reconciler(later(2_000))).toMatchObject({ paid: 3, settled: 1 });
    for (const item of items) expect(provider.paid(item.recipient)).toBe(100_000);
  });

  it('writes nothing while items are still being paid; one unreachable batch holds up no other', async () => {
    const { store, provider, batcher, drain, reconciler } = setup();
    owe(store, 1_500);
    await batcher();
    provider.settleNow = false;
    await drain();
    expect(await reconciler(later(1_000))).toMatchObject({ paid: 0, settled: 0 });
    expect([...store.items.values()].every((item) => item.status === 'batched')).toBe(true);
    provider.settle();
    const [first, second] = [...store.batches.keys()];
    provider.unreachable.add(first!);
    expect(await reconciler(later(2_000))).toMatchObject({ paid: 500, settled: 1, unreachable: 1 });
    expect((await store.batch(second!))!.status).toBe('settled');
    provider.unreachable.clear();
    expect(await reconciler(later(3_000))).toMatchObject({ paid: 1_000, settled: 1 });
  });
});

describe('recovering a stalled batch', () => {
  it('a worker that died after the provider took the batch: the redelivered message pays no one twice', async () => {
    const { store, provider, batcher, worker, reconciler, queue } = setup();
    const items = owe(store, 20);
    await batcher();
    const batchNo = queue[0]!;
    // The worker dies right after the provider took the batch: no status written, the message not deleted.
    await provider.submit(transferOf((await store.batch(batchNo))!));
    expect((await store.batch(batchNo))!.status).toBe('created');
    expect(await reconciler(later(1_000))).toMatchObject({ paid: 0 }); // not submitted as far as we know
    // SQS delivers it again after the visibility timeout.
    expect(await worker(batchNo)).toEqual({ submitted: true, attempts: 1 });
    expect(await reconciler(later(31_000))).toMatchObject({ paid: 20, settled: 1 });
    for (const item of items) expect(provider.paid(item.recipient)).toBe(100_000);
  });

  it('comes back within the queue visibility timeout, which is short and at least the worker timeout', () => {
    const visibility = queues.payoutBatches.visibilityTimeoutSeconds;
    const workerTimeout = payoutFunctions.payoutWorker.timeoutSeconds!;
    expect(visibility).toBeGreaterThanOrEqual(workerTimeout); // SQS's rule for an event source
    expect(visibility).toBeLessThanOrEqual(30);
    // Room in one invocation for a few submissions before SQS takes over.
    expect(workerTimeout * 1000).toBeGreaterThanOrEqual(2 * SUBMIT_ATTEMPT_MS);
  });

  it('a batch whose message was lost is queued again by the batcher, once per STALE_MS, under the same number', async () => {
    const { store, provider, batcher, drain, reconciler, queue } = setup();
    const items = owe(store, 5);
    await batcher();
    const [batchNo] = queue.splice(0); // the message is lost (dead-lettered, or an emulator restarted)
    expect((await batcher(later(STALE_MS - 1_000))).requeued).toBe(0);
    expect(queue).toEqual([]);
    expect((await batcher(later(STALE_MS + 1_000))).requeued).toBe(1);
    expect(queue).toEqual([batchNo]);
    expect((await store.batch(batchNo!))!.queuedAt).toBe(later(STALE_MS + 1_000).toISOString());
    // Just queued again: not again until another STALE_MS has passed.
    expect((await batcher(later(STALE_MS + 30_000))).requeued).toBe(0);
    await drain();
    await reconciler(later(STALE_MS + 40_000));
    for (const item of items) expect(provider.paid(item.recipient)).toBe(100_000);
    expect(store.batches.size).toBe(1);
  });

  it('pays everyone exactly once through random timeouts, lost answers, failed items and dying workers', async () => {
    const { store, provider, batcher, worker, reconciler, queue } = setup();
    const items = owe(store, 3_000, 50_000);
    let seed = 7;
    const random = () => {
      // mulberry32: the same run every time
      let t = (seed = (seed + 0x6d2b79f5) | 0);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    for (const item of items) if (random() < 0.1) provider.failing.add(item.itemNo);
    const behaviours: Behaviour[] = ['ok', 'ok', 'timeout', 'lost-answer'];
    for (let i = 0; i < 200; i++) provider.plan.push(behaviours[Math.floor(random() * 4)]!);
    let clock = NOW.getTime();
    for (let round = 0; round < 30; round++) {
      clock += 60_000;
      await batcher(new Date(clock));
      for (const batchNo of queue.splice(0)) {
        if (random() < 0.2) {
          // The worker dies holding it: maybe after the provider took it; the message comes back.
          if (random() < 0.5) await provider.submit(transferOf((await store.batch(batchNo))!)).catch(() => undefined);
          queue.push(batchNo);
          continue;
        }
        await worker(batchNo, { timeLeftMs: () => SUBMIT_ATTEMPT_MS - 1 }).catch(() => queue.push(batchNo));
      }
      await reconciler(new Date(clock));
    }
    for (const item of items) {
      expect(provider.paid(item.recipient), item.payoutId).toBe(50_000);
      expect(store.items.get(item.payoutId)!.status).toBe('paid');
    }
    expect(await store.usedBudget('default', DAY)).toBe(3_000 * 50_000);
  });
});

describe("the operators' view of batches", () => {
  it("lists batches newest first, by status, page by page; a batch's items say paid, failed with the provider's reason, or with the provider", async () => {
    const { store, provider, batcher, drain, reconciler } = setup();
    const [ok, frozen] = owe(store, 2, 200_000);
    provider.failing.add(frozen!.itemNo);
    const first = (await batcher()).batches[0]!;
    await drain();
    await reconciler(later(1_000));
    const second = (await batcher(later(3_000))).batches[0]!;
    await drain();

    const all = await listBatches(store, undefined, { limit: 1 });
    expect(all.items.map((b) => b.batchNo)).toEqual([second]);
    expect(all.items[0]).not.toHaveProperty('items');
    expect((await listBatches(store, undefined, { limit: 1, cursor: all.cursor })).items.map((b) => b.batchNo)).toEqual([first]);
    expect((await listBatches(store, 'settled', { limit: 10 })).items.map((b) => b.batchNo)).toEqual([first]);

    const settled = await batchDetail(store, first);
    expect(settled.items).toEqual([
      expect.objectContaining({ payoutId: ok!.payoutId, itemNo: ok!.itemNo, status: 'paid', paidAt: later(1_000).toISOString() }),
      expect.objectContaining({ payoutId: frozen!.payoutId, itemNo: frozen!.itemNo, status: 'failed', failure: { reason: 'ACCOUNT_FROZEN', at: later(1_000).toISOString() } }),
    ]);
    // The failed item's next number, in the next batch: with the provider, then paid there.
    expect((await batchDetail(store, second)).items).toEqual([expect.objectContaining({ itemNo: `${frozen!.payoutId}-2`, status: 'batched' })]);
    await reconciler(later(4_000));
    expect((await batchDetail(store, second)).items).toEqual([expect.objectContaining({ itemNo: `${frozen!.payoutId}-2`, status: 'paid' })]);
    await expect(batchDetail(store, 'PB-NONE')).rejects.toBeInstanceOf(PayoutBatchNotFound);
  });
});
