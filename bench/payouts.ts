/**
 * `npm run bench:payouts [-- --items 20000]`
 *
 * 20,000 payable education subsidies (1,000 CNY each) paid end to end through the local runtime:
 * the payoutBatcher and payoutReconciler functions (invoked back to back instead of waiting for
 * the minute), the payoutBatches queue consumed by payoutWorker as Lambda's event source mapping
 * would, and the local WeChat Pay provider. Twice: with no faults, then with 10% provider timeouts,
 * 5% lost answers and the worker killed in the middle of a batch. The ceiling is the provider's own
 * rate for the same batches sent straight to it (no queue, no table). Three counts must be zero:
 * members paid twice, payable items never paid, amount paid ≠ amount owed.
 */
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { startRuntime } from '../local/runtime';
import { MAX_ITEMS_PER_BATCH } from '../shared/payouts/payment-provider';
import { payoutFor, type PayoutItem } from '../shared/payouts/payout';
import { putPayoutItem } from '../shared/payouts/payout-keys';
import { DynamoPayoutStore } from '../shared/payouts/payout-store-dynamodb';
import { WeChatPayProvider } from '../shared/payouts/wechat-pay-provider';
import type { MerchantCredentials } from '../shared/payouts/wechat-pay-signing';
import { measure, writeResult } from './report';

const { values } = parseArgs({ options: { items: { type: 'string', default: '20000' } } });
const count = Number(values.items);
const AMOUNT = 100_000;
const log = (line: string) => process.stderr.write(`${line}\n`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'union-benefits-payouts-'));

const runtime = await startRuntime({
  port: 0,
  inMemory: true,
  dataDir,
  seedDemo: false,
  log: () => {},
  logLevel: 'WARN',
  functionOutput: new Writable({ write: (_c, _e, done) => done() }),
  payoutDailyBudgetFen: 10_000_000_000,
});
const documents = DynamoDBDocumentClient.from(runtime.dynamodb, { marshallOptions: { removeUndefinedValues: true } });
const payouts = new DynamoPayoutStore(documents, runtime.tableName('payouts'));
const payments = runtime.payments!;
const scheduled = (name: string) => ({ scheduleName: name, scheduledTime: new Date().toISOString() });

async function owe(prefix: string): Promise<PayoutItem[]> {
  const now = new Date();
  const items = Array.from({ length: count }, (_, i) => payoutFor({ kind: 'subsidy', id: `${prefix}-${i}` }, `${prefix}-member-${i}`, AMOUNT, now));
  await measure(Math.ceil(items.length / 25), 16, async (i) => {
    const chunk = items.slice(i * 25, i * 25 + 25).map((item) => ({ PutRequest: { Item: putPayoutItem(runtime.tableName('payouts'), item).Put.Item } }));
    await documents.send(new BatchWriteCommand({ RequestItems: { [runtime.tableName('payouts')]: chunk } }));
  });
  return items;
}

async function allPaid(items: PayoutItem[]): Promise<boolean> {
  let unpaid = 0;
  await measure(items.length, 16, async (i) => {
    if ((await payouts.item(items[i]!.payoutId))?.status !== 'paid') unpaid++;
  });
  return unpaid === 0;
}

async function payAll(items: PayoutItem[], killWorker: boolean) {
  const started = performance.now();
  let killed = 0;
  for (let round = 0; ; round++) {
    await runtime.functions.invoke('payoutBatcher', scheduled('payoutBatcher'));
    if (killWorker && killed === 0 && (await payouts.batchesWithStatus('created')).length > 0) {
      // Kill the worker while it holds a batch: Lambda recycles the container, SQS redelivers.
      await new Promise((resolve) => setTimeout(resolve, 150));
      await runtime.functions.kill('payoutWorker');
      killed++;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    await runtime.functions.invoke('payoutReconciler', scheduled('payoutReconciler')).catch(() => undefined);
    if (await allPaid(items.filter((_, i) => i % 97 === 0)) && (await allPaid(items))) break;
    if (round > 2000) throw new Error('payouts did not settle');
  }
  return { seconds: (performance.now() - started) / 1000, killed };
}

function violations(items: PayoutItem[]) {
  const ledger = payments.ledger().paidFenByRecipient;
  let paidTwice = 0;
  let neverPaid = 0;
  let paidTotal = 0;
  for (const item of items) {
    const paid = ledger.get(item.recipient) ?? 0;
    paidTotal += paid;
    if (paid > item.amountFen) paidTwice++;
    if (paid === 0) neverPaid++;
  }
  return { membersPaidTwice: paidTwice, payableItemsNeverPaid: neverPaid, amountPaidNotAmountOwed: paidTotal === items.length * AMOUNT ? 0 : 1 };
}

try {
  // The ceiling: the provider's own rate for the same batches, sent straight to it.
  const secrets = JSON.parse((await import('node:fs')).readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8')) as { paymentMerchant: string };
  const credentials = JSON.parse(secrets.paymentMerchant) as MerchantCredentials;
  const direct = new WeChatPayProvider(payments.url, async () => credentials);
  const ceilingStarted = performance.now();
  const batchCount = Math.ceil(count / MAX_ITEMS_PER_BATCH);
  await measure(batchCount, 2, async (b) => {
    const batchNo = `CEILING${String(b).padStart(4, '0')}`;
    await direct.submit({
      batchNo,
      name: 'ceiling',
      items: Array.from({ length: Math.min(MAX_ITEMS_PER_BATCH, count - b * MAX_ITEMS_PER_BATCH) }, (_, i) => ({
        itemNo: `${batchNo}-${i}`,
        recipient: `ceiling-${b}-${i}`,
        amountFen: AMOUNT,
        remark: 'ceiling',
      })),
    });
    while ((await direct.query(batchNo))?.status !== 'finished') await new Promise((resolve) => setTimeout(resolve, 20));
  });
  const ceilingSeconds = (performance.now() - ceilingStarted) / 1000;
  log(`ceiling: ${count} items in ${ceilingSeconds.toFixed(1)} s`);

  const clean = await owe('clean');
  const cleanRun = await payAll(clean, false);
  log(`no faults: ${count} paid in ${cleanRun.seconds.toFixed(1)} s`);

  payments.setFaults({ timeoutRate: 0.1, lostResponseRate: 0.05 });
  const faulty = await owe('faulty');
  const faultyRun = await payAll(faulty, true);
  payments.setFaults({ timeoutRate: 0, lostResponseRate: 0 });
  log(`with faults: ${count} paid in ${faultyRun.seconds.toFixed(1)} s (worker killed ${faultyRun.killed}×)`);

  const cleanViolations = violations(clean);
  const faultyViolations = violations(faulty);
  const ceilingRate = count / ceilingSeconds;
  const result = {
    name: 'payouts',
    at: new Date().toISOString(),
    figures: {
      items: count,
      amountFenEach: AMOUNT,
      batches: Math.ceil(count / MAX_ITEMS_PER_BATCH),
      noFaults: { payoutsPerSecond: Math.round(count / cleanRun.seconds), secondsToSettleAll: Math.round(cleanRun.seconds * 10) / 10 },
      withFaults: {
        faults: '10% provider timeouts, 5% lost answers, worker killed mid-batch',
        workerKills: faultyRun.killed,
        payoutsPerSecond: Math.round(count / faultyRun.seconds),
        secondsToSettleAll: Math.round(faultyRun.seconds * 10) / 10,
      },
    },
    ceiling: { payoutsPerSecond: Math.round(ceilingRate), secondsForSameBatches: Math.round(ceilingSeconds * 10) / 10 },
    ratio: Math.round((count / cleanRun.seconds / ceilingRate) * 100) / 100,
    violations: {
      membersPaidTwice: cleanViolations.membersPaidTwice + faultyViolations.membersPaidTwice,
      payableItemsNeverPaid: cleanViolations.payableItemsNeverPaid + faultyViolations.payableItemsNeverPaid,
      amountPaidNotAmountOwed: cleanViolations.amountPaidNotAmountOwed + faultyViolations.amountPaidNotAmountOwed,
    },
  };
  console.log(`
${count} payable subsidies of ${AMOUNT} fen, in batches of ≤ ${MAX_ITEMS_PER_BATCH}
  no faults     ${result.figures.noFaults.payoutsPerSecond} payouts/s, all settled in ${result.figures.noFaults.secondsToSettleAll} s
  with faults   ${result.figures.withFaults.payoutsPerSecond} payouts/s, all settled in ${result.figures.withFaults.secondsToSettleAll} s (worker killed ${faultyRun.killed}×)
  ceiling       ${result.ceiling.payoutsPerSecond} payouts/s (the provider alone, same batches)
  ratio (no faults ÷ ceiling): ${result.ratio}
  violations: ${JSON.stringify(result.violations)}
written to ${writeResult(result)}`);
} finally {
  await runtime.stop();
}
