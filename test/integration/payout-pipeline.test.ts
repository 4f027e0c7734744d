/**
 * The payout pipeline against DynamoDB Local and the local WeChat Pay provider, with faults:
 * timeouts, 5xx, lost answers, failing items and a worker that dies after the provider took the
 * batch. Every member is paid exactly what is owed, once; the day's budget holds, and what does
 * not fit waits for the next day.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPaymentProvider } from '../../local/payment-provider';
import { ProviderUnavailable } from '../../shared/payouts/payment-provider';
import { shanghaiDay } from '../../shared/days';
import { payoutFor } from '../../shared/payouts/payout';
import { putPayoutItem } from '../../shared/payouts/payout-keys';
import { formBatches, reconcile, submitBatch } from '../../shared/payouts/payout-pipeline';
import { DynamoPayoutStore } from '../../shared/payouts/payout-store-dynamodb';
import { freshTables, localDynamo } from '../support/local-aws';
import { payingClient, startProvider } from '../support/payments';

const { client, documents } = localDynamo();
let provider: LocalPaymentProvider;
let table: string;
let payouts: DynamoPayoutStore;

beforeAll(async () => {
  table = (await freshTables(client))('payouts');
  payouts = new DynamoPayoutStore(documents, table);
  provider = await startProvider({ faults: { settleMs: 10 } });
});
afterAll(() => provider.stop());

const client_ = () => payingClient(provider.url, 300);

async function owe(n: number, amountFen: number, now: Date, prefix: string) {
  for (let i = 0; i < n; i++) {
    const item = payoutFor({ kind: 'subsidy', id: `${prefix}-${i}` }, `${prefix}-member-${i}`, amountFen, now);
    await documents.send(new TransactWriteCommand({ TransactItems: [putPayoutItem(table, item)] }));
  }
}

/** Drives the pipeline as the schedules and the queue would, until nothing is left to do. */
async function drive(now: Date, budgetFen: number, options: { dieAfterSubmitOnce?: boolean } = {}) {
  const queue: string[] = [];
  const send = async (batchNo: string) => void queue.push(batchNo);
  const provider_ = client_();
  let died = !options.dieAfterSubmitOnce;
  for (let round = 0; round < 200; round++) {
    await formBatches({ payouts, send }, { account: 'default', dailyBudgetFen: budgetFen, now });
    while (queue.length > 0) {
      const batchNo = queue.shift()!;
      try {
        if (!died) {
          // The worker dies right after the provider took the batch: no status written, message redelivered.
          const batch = (await payouts.batch(batchNo))!;
          await provider_.submit({ batchNo, name: 'x', items: batch.items.map((i) => ({ itemNo: i.itemNo, recipient: i.recipient, amountFen: i.amountFen, remark: 'r' })) }).catch(() => undefined);
          died = true;
          queue.push(batchNo);
          continue;
        }
        await submitBatch({ payouts, provider: provider_ }, batchNo, { now, retryDelayMs: 0 });
      } catch (error) {
        expect(error).toBeInstanceOf(ProviderUnavailable);
        queue.push(batchNo); // SQS would deliver it again
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    const report = await reconcile({ payouts, provider: provider_, send }, { now }).catch((error: unknown) => {
      expect(error).toBeInstanceOf(ProviderUnavailable);
      return { paid: 0, failed: 0, settled: 0, resent: 0, unreachable: 0, deferred: 0 };
    });
    const left = (await payouts.due('default', shanghaiDay(now), 1000)).length + (await payouts.batchesWithStatus('submitted')).length + (await payouts.batchesWithStatus('created')).length + (await payouts.batchesWithStatus('forming')).length;
    if (left === 0 && queue.length === 0 && report.paid + report.failed + report.resent === 0) return;
  }
  throw new Error('the pipeline did not finish');
}

describe('paying out', () => {
  it('pays everyone exactly once through timeouts, 5xx, lost answers, failed items and a dying worker', async () => {
    const now = new Date('2026-11-24T02:00:00Z');
    await owe(40, 100_000, now, 'chaos');
    provider.setFaults({ timeoutRate: 0.1, serverErrorRate: 0.1, lostResponseRate: 0.1, itemFailureRate: 0.2 });
    await drive(now, 1_000_000_000, { dieAfterSubmitOnce: true });
    provider.setFaults({ timeoutRate: 0, serverErrorRate: 0, lostResponseRate: 0, itemFailureRate: 0 });
    await drive(now, 1_000_000_000);

    const ledger = provider.ledger().paidFenByRecipient;
    for (let i = 0; i < 40; i++) expect(ledger.get(`chaos-member-${i}`), `member ${i}`).toBe(100_000);
    for (let i = 0; i < 40; i++) expect((await payouts.item(payoutFor({ kind: 'subsidy', id: `chaos-${i}` }, '', 0, now).payoutId))?.status).toBe('paid');
  });

  it('keeps within the day budget, in order, and pays the rest the next day', async () => {
    const day1 = new Date('2026-11-25T02:00:00Z');
    await owe(5, 300_000, day1, 'budget');
    await drive(day1, 1_000_000); // room for 3 of 5
    const ledger = provider.ledger().paidFenByRecipient;
    const paidDay1 = [0, 1, 2, 3, 4].filter((i) => ledger.has(`budget-member-${i}`));
    expect(paidDay1).toEqual([0, 1, 2]);
    const waiting = await payouts.item(payoutFor({ kind: 'subsidy', id: 'budget-3' }, '', 0, day1).payoutId);
    expect(waiting).toMatchObject({ status: 'queued', scheduledFor: '2026-11-26' });

    await drive(new Date('2026-11-26T02:00:00Z'), 1_000_000);
    for (let i = 0; i < 5; i++) expect(provider.ledger().paidFenByRecipient.get(`budget-member-${i}`)).toBe(300_000);
  });

  it('writes items a hundred to a request, leaving out (and saying so) those whose condition failed', async () => {
    const now = new Date('2026-11-27T02:00:00Z');
    await owe(150, 1_000, now, 'group');
    const items = Array.from({ length: 150 }, (_, i) => payoutFor({ kind: 'subsidy', id: `group-${i}` }, `group-member-${i}`, 1_000, now));
    // Two are taken already, one is asked for under a number it does not have.
    expect(await payouts.markBatched([items[3]!, items[77]!], 'PBX1')).toEqual([true, true]);
    const asked = items.slice(0, 100).map((item, i) => (i === 50 ? { ...item, itemNo: `${item.payoutId}-9` } : item));
    const taken = await payouts.markBatched(asked, 'PBX2');
    expect(taken.filter((ok) => !ok)).toHaveLength(3);
    expect([taken[3], taken[50], taken[77]]).toEqual([false, false, false]);
    expect((await payouts.item(items[4]!.payoutId))).toMatchObject({ status: 'batched', batchNo: 'PBX2' });
    expect((await payouts.item(items[3]!.payoutId))).toMatchObject({ status: 'batched', batchNo: 'PBX1' });
    expect((await payouts.item(items[50]!.payoutId))).toMatchObject({ status: 'queued' });
    await expect(payouts.markBatched(items.slice(0, 101), 'PBX3')).rejects.toThrow(RangeError);

    const paid = await payouts.markPaid(items.slice(0, 100), now.toISOString());
    expect(paid.filter(Boolean)).toHaveLength(99); // not the one still queued
    expect(await payouts.markPaid(items.slice(0, 100), now.toISOString())).toEqual(new Array(100).fill(false));

    // The line (all queued at the same instant: in payout id order), read behind a place,
    // whether or not the index still lists that place.
    const queued = [items[50]!, ...items.slice(100)].map((item) => item.payoutId).sort();
    const line = await payouts.due('default', '2026-11-27', 1_000);
    expect(line.map((item) => item.payoutId)).toEqual(queued);
    const behind = await payouts.due('default', '2026-11-27', 10, line[20]!);
    expect(behind.map((item) => item.payoutId)).toEqual(queued.slice(21, 31));
    const gone = items[60]!; // batched and paid: no longer in the index
    expect(await payouts.due('default', '2026-11-27', 1_000, gone)).toEqual(line.filter((item) => item.payoutId > gone.payoutId));
  });

  it('lists batches by status without their items, and moves them only from the status read', async () => {
    await payouts.createBatch({ batchNo: 'PBLIST1', account: 'default', items: [{ payoutId: 'x', itemNo: 'x-1', recipient: 'r', amountFen: 1 }], totalFen: 1, status: 'forming', createdAt: '2026-11-28T00:00:00.000Z' });
    const [head] = (await payouts.batchesWithStatus('forming')).filter((batch) => batch.batchNo === 'PBLIST1');
    expect(head).toEqual({ batchNo: 'PBLIST1', account: 'default', totalFen: 1, status: 'forming', createdAt: '2026-11-28T00:00:00.000Z' });
    expect(await payouts.setBatchStatus('PBLIST1', 'created', 'submitted', 'now')).toBe(false);
    expect(await payouts.setBatchStatus('PBLIST1', 'forming', 'created', '2026-11-28T00:00:01.000Z', { items: [], totalFen: 0, queuedAt: '2026-11-28T00:00:01.000Z' })).toBe(true);
    expect(await payouts.batch('PBLIST1')).toMatchObject({ status: 'created', items: [], totalFen: 0, queuedAt: '2026-11-28T00:00:01.000Z' });
    expect((await payouts.batchesWithStatus('created')).map((batch) => batch.batchNo)).toContain('PBLIST1');
  });

  it('owes a source once, however often it is made payable', async () => {
    const now = new Date('2026-11-24T02:00:00Z');
    await expect(owe(1, 100_000, now, 'chaos')).rejects.toThrow();
  });
});
