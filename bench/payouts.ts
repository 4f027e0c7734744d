/**
 * `npm run bench:payouts [-- --items 20000]`
 *
 * 20,000 payable education subsidies (1,000 CNY each) paid end to end through the local runtime:
 * the payoutBatcher and payoutReconciler functions (each invoked back to back, side by side,
 * instead of waiting for the minute), the payoutBatches queue consumed by payoutWorker as Lambda's
 * event source mapping would, and the local WeChat Pay provider. Twice: with no faults, then with
 * 10% provider timeouts, 5% lost answers and the worker killed in the middle of a submission (the
 * provider slowed for a moment so the kill lands inside it).
 *
 * The ceiling is what storage alone allows: the conditional writes the pipeline makes per item
 * (taken into a batch; marked paid with the member's inbox notice and unread count in the same
 * transaction), issued with the SDK straight to DynamoDB Local as the pipeline issues them, as many in flight as the pipeline has at
 * most (the batcher's and the reconciler's, which run at once); measured before, between and
 * after the pipeline's runs, the fastest of the three counts (the machine is shared: noise only lowers it). The
 * provider's own rate for the same batches (no queue, no table) is kept under `figures`.
 *
 * The clock stops when the pipeline's own records say everything is settled (nothing due, no batch
 * forming, queued or at the provider); then every item is read back and the provider's ledger
 * counted, untimed. Four counts must be zero: members paid twice, payable items never paid, amount
 * paid ≠ amount owed, items paid but not recorded paid.
 */
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { startRuntime } from '../local/runtime';
import { MAX_ITEMS_PER_BATCH } from '../shared/payouts/payment-provider';
import { shanghaiDay } from '../shared/days';
import { DEFAULT_ACCOUNT, payoutFor, type PayoutItem } from '../shared/payouts/payout';
import { putPayoutItem } from '../shared/payouts/payout-keys';
import { WRITES_IN_FLIGHT } from '../shared/payouts/payout-pipeline';
import { WRITE_GROUP } from '../shared/payouts/payout-store';
import { DynamoPayoutStore } from '../shared/payouts/payout-store-dynamodb';
import { WeChatPayProvider } from '../shared/payouts/wechat-pay-provider';
import type { MerchantCredentials } from '../shared/payouts/wechat-pay-signing';
import { measure, writeResult } from './report';

const { values } = parseArgs({ options: { items: { type: 'string', default: '20000' }, trace: { type: 'boolean', default: false } } });
const count = Number(values.items);
const AMOUNT = 100_000;
/** The batcher's item writes and the reconciler's, at once (groups of WRITE_GROUP items, each one request). */
const IN_FLIGHT = 2 * WRITES_IN_FLIGHT;
const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dataDir = mkdtempSync(path.join(tmpdir(), 'union-benefits-payouts-'));

const runtimeLog: string[] = [];
const runtime = await startRuntime({
  port: 0,
  inMemory: true,
  dataDir,
  seedDemo: false,
  log: (line) => void runtimeLog.push(line),
  logLevel: 'WARN',
  functionOutput: new Writable({ write: (_c, _e, done) => done() }),
  payoutDailyBudgetFen: 10_000_000_000,
  // Lambda's SQS event source starts with five batches at once; four here.
  queueConcurrency: 4,
});
// The bench drives the schedules itself, back to back; the minute ticks would only add noise.
await runtime.scheduler.stop();
const table = runtime.tableName('payouts');
const documents = DynamoDBDocumentClient.from(runtime.dynamodb, { marshallOptions: { removeUndefinedValues: true } });
// With the inbox table, as the reconciler's store: marking paid tells each member in the same transaction.
const payouts = new DynamoPayoutStore(documents, table, runtime.tableName('inbox'));
const payments = runtime.payments!;
const invoke = (name: string) => runtime.functions.invoke(name, { scheduleName: name, scheduledTime: new Date().toISOString() });
/** Invocations of the worker that its death cut short (the queue poller logs each): the batches it held. */
const workerDeaths = () => runtimeLog.filter((line) => /^payoutWorker failed a batch.*(killed|exited)/.test(line)).length;

async function owe(prefix: string, account = DEFAULT_ACCOUNT, n = count): Promise<PayoutItem[]> {
  const now = new Date();
  const items = Array.from({ length: n }, (_, i) => ({ ...payoutFor({ kind: 'subsidy', id: `${prefix}-${i}` }, `${prefix}-member-${i}`, AMOUNT, now), account }));
  await measure(Math.ceil(items.length / 25), 16, async (i) => {
    const chunk = items.slice(i * 25, i * 25 + 25).map((item) => ({ PutRequest: { Item: putPayoutItem(table, item).Put.Item } }));
    let request: Record<string, unknown[]> | undefined = { [table]: chunk };
    while (request && Object.keys(request).length > 0) {
      const { UnprocessedItems } = await documents.send(new BatchWriteCommand({ RequestItems: request as never }));
      request = UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  });
  return items;
}

/** The pipeline's own records: nothing due today, no batch forming, queued or at the provider. */
async function settled(): Promise<boolean> {
  for (const status of ['forming', 'created', 'submitted'] as const) if ((await payouts.batchesWithStatus(status)).length > 0) return false;
  return (await payouts.due(DEFAULT_ACCOUNT, shanghaiDay(new Date()), 1)).length === 0;
}

async function payAll(killWorker: boolean) {
  const started = performance.now();
  const deathsBefore = workerDeaths();
  let done = false;
  const schedule = async (name: string, pauseMs: number, after?: () => Promise<void>) => {
    while (!done) {
      await invoke(name).catch((error: Error) => log(`${name}: ${error.message}`));
      await after?.();
      if (!done) await sleep(pauseMs);
    }
  };
  const trace = async () => {
    // --trace: where the batches are, every second (what the time goes to).
    while (!done) {
      const counts = await Promise.all((['forming', 'created', 'submitted', 'settled'] as const).map(async (status) => `${status} ${(await payouts.batchesWithStatus(status)).length}`));
      log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${counts.join(', ')}  provider: ${payments.ledger().successfulDetails} paid`);
      await sleep(1000);
    }
  };
  let stalledSeconds: number | undefined;
  const killer = async () => {
    // Once a batch is on the queue, the provider answers slowly for a moment, so the worker that
    // took it is inside the submission when it is killed (Lambda recycles the container). The
    // provider still takes the batch; our record stays `created`, and SQS delivers the number
    // again after the queue's visibility timeout. Measured: from the kill until every batch the
    // worker may have held is submitted.
    while (!done && (await payouts.batchesWithStatus('created')).length === 0) await sleep(20);
    if (done) return;
    payments.setFaults({ latencyMs: 1_500 });
    await sleep(500);
    const held = new Set((await payouts.batchesWithStatus('created')).map((batch) => batch.batchNo));
    await runtime.functions.kill('payoutWorker');
    const killedAt = performance.now();
    payments.setFaults({ latencyMs: 0 });
    while (!done && (await payouts.batchesWithStatus('created')).some((batch) => held.has(batch.batchNo))) await sleep(250);
    stalledSeconds = (performance.now() - killedAt) / 1000;
  };
  await Promise.all([
    // Both schedules compressed from a minute: the batcher every second (a run forms every due
    // batch it has time for), the reconciler back to back.
    schedule('payoutBatcher', 1000),
    schedule('payoutReconciler', 100, async () => {
      if (await settled()) done = true;
      else if (performance.now() - started > 600_000) throw new Error('payouts did not settle in 10 minutes');
    }),
    killWorker ? killer() : undefined,
    values.trace ? trace() : undefined,
  ]);
  return { seconds: (performance.now() - started) / 1000, batchesCutShort: workerDeaths() - deathsBefore, stalledSeconds };
}

async function violations(items: PayoutItem[]) {
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
  let notRecorded = 0;
  await measure(items.length, 16, async (i) => {
    if ((await payouts.item(items[i]!.payoutId))?.status !== 'paid') notRecorded++;
  });
  return {
    membersPaidTwice: paidTwice,
    payableItemsNeverPaid: neverPaid,
    amountPaidNotAmountOwed: paidTotal === items.length * AMOUNT ? 0 : 1,
    itemsNotRecordedPaid: notRecorded,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The ceiling: the pipeline's per-item conditional writes (taken into a batch, marked paid),
 * straight to DynamoDB Local, grouped and in flight as the pipeline issues them, on an account of
 * their own (the pipeline never sees these items). Seconds for all of them.
 */
async function ceiling(prefix: string): Promise<number> {
  const ceilingItems = await owe(prefix, prefix);
  const started = performance.now();
  let misses = 0;
  await measure(Math.ceil(ceilingItems.length / WRITE_GROUP), IN_FLIGHT, async (g) => {
    const group = ceilingItems.slice(g * WRITE_GROUP, (g + 1) * WRITE_GROUP);
    const batchNo = `${prefix.toUpperCase()}${String(Math.floor((g * WRITE_GROUP) / MAX_ITEMS_PER_BATCH)).padStart(4, '0')}`;
    misses += (await payouts.markBatched(group, batchNo)).filter((applied) => !applied).length;
    misses += (await payouts.markPaid(group, new Date().toISOString())).filter((applied) => !applied).length;
  });
  if (misses > 0) throw new Error(`${misses} ceiling writes did not apply`);
  return (performance.now() - started) / 1000;
}

try {
  // The provider alone: the same batches sent straight to it, two at a time as the queue pollers do.
  const secrets = JSON.parse(readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8')) as { paymentMerchant: string };
  const credentials = JSON.parse(secrets.paymentMerchant) as MerchantCredentials;
  const direct = new WeChatPayProvider(payments.url, async () => credentials);
  const providerStarted = performance.now();
  await measure(Math.ceil(count / MAX_ITEMS_PER_BATCH), 2, async (b) => {
    const batchNo = `PROVIDER${String(b).padStart(4, '0')}`;
    await direct.submit({
      batchNo,
      name: 'provider alone',
      items: Array.from({ length: Math.min(MAX_ITEMS_PER_BATCH, count - b * MAX_ITEMS_PER_BATCH) }, (_, i) => ({
        itemNo: `${batchNo}-${i}`,
        recipient: `provider-${b}-${i}`,
        amountFen: AMOUNT,
        remark: 'provider alone',
      })),
    });
    while ((await direct.query(batchNo))?.status !== 'finished') await sleep(20);
  });
  const providerSeconds = (performance.now() - providerStarted) / 1000;
  log(`provider alone: ${count} items in ${providerSeconds.toFixed(1)} s`);

  // The ceiling three times, before, between and after the pipeline's runs: the fastest counts.
  const ceilingRuns = [await ceiling('ceiling-a')];
  log(`ceiling: ${count} items (batched, then paid and told) in ${ceilingRuns[0]!.toFixed(1)} s`);

  // Warm up on two batches, untimed: cold starts of the three functions and the first run of
  // each code path are not the pipeline's rate.
  const warm = await owe('warm', DEFAULT_ACCOUNT, 2 * MAX_ITEMS_PER_BATCH);
  const warmRun = await payAll(false);
  log(`warm-up: ${warm.length} paid in ${warmRun.seconds.toFixed(1)} s`);

  const clean = await owe('clean');
  const cleanRun = await payAll(false);
  log(`no faults: ${count} paid in ${cleanRun.seconds.toFixed(1)} s`);

  ceilingRuns.push(await ceiling('ceiling-b'));
  log(`ceiling again: ${ceilingRuns[1]!.toFixed(1)} s`);

  payments.setFaults({ timeoutRate: 0.1, lostResponseRate: 0.05 });
  const faulty = await owe('faulty');
  const faultyRun = await payAll(true);
  payments.setFaults({ timeoutRate: 0, lostResponseRate: 0 });
  log(`with faults: ${count} paid in ${faultyRun.seconds.toFixed(1)} s (worker killed holding ${faultyRun.batchesCutShort} batches, submitted again ${faultyRun.stalledSeconds?.toFixed(1)} s after)`);

  ceilingRuns.push(await ceiling('ceiling-c'));
  log(`ceiling again: ${ceilingRuns[2]!.toFixed(1)} s`);
  const ceilingSeconds = Math.min(...ceilingRuns);

  const cleanViolations = await violations(clean);
  const faultyViolations = await violations(faulty);
  const ceilingRate = count / ceilingSeconds;
  const cleanRate = count / cleanRun.seconds;
  const result = {
    name: 'payouts',
    figures: {
      items: count,
      amountFenEach: AMOUNT,
      batches: Math.ceil(count / MAX_ITEMS_PER_BATCH),
      noFaults: { payoutsPerSecond: Math.round(cleanRate), secondsToSettleAll: round1(cleanRun.seconds) },
      withFaults: {
        faults: '10% provider timeouts, 5% lost answers, worker killed mid-batch',
        workerKills: 1,
        batchesCutShortByTheKill: faultyRun.batchesCutShort,
        stalledBatchSubmittedAgainAfterSeconds: faultyRun.stalledSeconds === undefined ? null : round1(faultyRun.stalledSeconds),
        payoutsPerSecond: Math.round(count / faultyRun.seconds),
        secondsToSettleAll: round1(faultyRun.seconds),
      },
      providerAlone: { payoutsPerSecond: Math.round(count / providerSeconds), secondsForSameBatches: round1(providerSeconds) },
    },
    ceiling: {
      what: 'per item: mark batched, then mark paid with its inbox notice and unread count (the store the reconciler uses), straight to DynamoDB Local',
      writesInFlight: IN_FLIGHT,
      itemsPerWrite: WRITE_GROUP,
      payoutsPerSecond: Math.round(ceilingRate),
      seconds: round1(ceilingSeconds),
      /** Measured before, between and after the pipeline's runs; the fastest counts. */
      runsSeconds: ceilingRuns.map(round1),
    },
    ratio: Math.round((cleanRate / ceilingRate) * 100) / 100,
    violations: Object.fromEntries(
      Object.keys(cleanViolations).map((key) => [key, cleanViolations[key as keyof typeof cleanViolations] + faultyViolations[key as keyof typeof faultyViolations]]),
    ),
  };
  console.log(`
${count} payable subsidies of ${AMOUNT} fen, in batches of ≤ ${MAX_ITEMS_PER_BATCH}
  no faults       ${result.figures.noFaults.payoutsPerSecond} payouts/s, all settled in ${result.figures.noFaults.secondsToSettleAll} s
  with faults     ${result.figures.withFaults.payoutsPerSecond} payouts/s, all settled in ${result.figures.withFaults.secondsToSettleAll} s (worker killed holding ${faultyRun.batchesCutShort} batches, submitted again after ${result.figures.withFaults.stalledBatchSubmittedAgainAfterSeconds} s)
  ceiling         ${result.ceiling.payoutsPerSecond} payouts/s (the pipeline's writes per item, paid notices included, straight to DynamoDB Local, ${IN_FLIGHT} requests in flight)
  provider alone  ${result.figures.providerAlone.payoutsPerSecond} payouts/s
  ratio (no faults ÷ ceiling): ${result.ratio}
  violations: ${JSON.stringify(result.violations)}
written to ${writeResult(result)}`);
} finally {
  await runtime.stop();
}
