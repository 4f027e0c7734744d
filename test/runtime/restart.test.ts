/**
 * The local runtime keeps its state across a restart: stopped with work in flight — a payout
 * batch the provider has paid but nobody has reconciled yet, another still on the queue, an
 * organisation move whose message is not yet consumed, and a document uploaded by presigned URL —
 * and started again on the same data folder (on other ports), every payout settles exactly once,
 * the move completes and the document is still there.
 *
 * It starts its own runtimes (on free ports, in its own data folder) next to the tier's shared
 * one. The data folder's other promises are in test/start/data-folder.test.ts.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { subjectOf } from '../../local/demo';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import { scheduledEvent } from '../../local/scheduler';
import { localBucketName } from '../../local/sqs-local';
import { functions } from '../../shared/manifest';
import type { ScheduleTrigger } from '../../shared/system';
import { uniquePhone } from '../support/phones';
import { claimBody } from '../support/fixtures';
import { until } from '../support/polling';
import { callRuntime } from '../support/runtime-client';

const running = new Set<Runtime>();
afterEach(async () => {
  for (const runtime of running) await runtime.stop();
  running.clear();
});

// Every function's output is piped here: more listeners than a stream's default 10.
const quiet = { log: () => {}, functionOutput: new Writable({ write: (_chunk, _encoding, done) => done() }).setMaxListeners(0) };

async function start(dataDir: string, options: RuntimeOptions = {}) {
  const lines: string[] = [];
  const runtime = await startRuntime({ port: 0, dataDir, inMemory: false, ...quiet, log: (line) => lines.push(line), ...options });
  running.add(runtime);
  return Object.assign(runtime, { lines });
}

async function stop(runtime: Runtime) {
  running.delete(runtime);
  await runtime.stop();
}

/** JSON over HTTP to one runtime, with tokens from its identity provider. */
const client = (runtime: Runtime) => (method: string, route: string, user: string, body?: unknown) => callRuntime(runtime, method, route, user, body);

const schedule = (name: 'payoutBatcher' | 'payoutReconciler') => scheduledEvent(name, functions[name].trigger as ScheduleTrigger, new Date());

async function queueDepth(runtime: Runtime, queue: string) {
  const { Attributes = {} } = await runtime.sqs.client.send(
    new GetQueueAttributesCommand({ QueueUrl: runtime.sqs.queueUrls[queue], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

describe('a restart with work in flight', () => {
  it('settles every payout exactly once, completes the move and keeps the document', { timeout: 600_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'union-benefits-restart-'));

    // First run: no schedule fires and no queue is polled, so what is queued stays queued.
    const first = await start(dataDir, { triggers: false });
    const api = client(first);

    // Two covered gig workers, each with an approved claim: two payouts owed.
    const claimants: { user: string; claimId: string; amountFen: number; upload: { key: string; uploadUrl: string } }[] = [];
    for (const amountFen of [12_345, 23_456]) {
      const user = `restart-${randomUUID().slice(0, 8)}`;
      expect((await api('POST', '/members', user, { name: 'Claimant', phone: uniquePhone(), industry: 'courier' })).status).toBe(201);
      const joined = await api('POST', '/gig-workers/join', user, { cityId: 'sz', industry: 'courier' });
      expect(joined.status).toBe(201);
      const policy = joined.body.policy;
      const filed = await api('POST', '/me/claims', user, claimBody(policy, amountFen));
      expect(filed.status).toBe(201);
      claimants.push({ user, claimId: filed.body.claim.claimId, amountFen, upload: filed.body.uploads[0] });
    }
    const [paidBefore, queuedBefore] = claimants as [(typeof claimants)[0], (typeof claimants)[0]];

    // The document, straight into fauxqs's S3 by the presigned URL.
    const document = new Uint8Array([137, 80, 78, 71]);
    const put = await fetch(paidBefore.upload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: document });
    expect(put.status).toBe(200);

    // Payout 1: batched, and submitted by a worker that died before its message was deleted. The
    // provider pays it; nobody has reconciled it when the runtime stops.
    const approve = (claimant: (typeof claimants)[0]) =>
      api('POST', `/claims/${claimant.claimId}/review`, 'sz-admin', { decision: 'approve', approvedAmountFen: claimant.amountFen });
    expect((await approve(paidBefore)).status).toBe(200);
    const batch1 = (await first.functions.invoke('payoutBatcher', schedule('payoutBatcher'))) as { batches: string[] };
    expect(batch1.batches).toHaveLength(1);
    const submitted = await first.functions.invoke('payoutWorker', {
      Records: [{ messageId: randomUUID(), body: JSON.stringify({ batchNo: batch1.batches[0] }), attributes: { ApproximateReceiveCount: '1' } }],
    });
    expect(submitted).toEqual({ batchItemFailures: [] });
    await until('the provider pays payout 1', async () => first.payments!.ledger().paidFenByRecipient.get(subjectOf(paidBefore.user)) === paidBefore.amountFen);

    // Payout 2: batched and on the queue, not yet taken by the worker.
    expect((await approve(queuedBefore)).status).toBe(200);
    const batch2 = (await first.functions.invoke('payoutBatcher', schedule('payoutBatcher'))) as { batches: string[] };
    expect(batch2.batches).toHaveLength(1);

    // An organisation move: the organisation is re-parented at once, its subtree follows from the queue.
    const org = async (parentId: string, kind: string, autoApprove = false) => {
      const created = await api('POST', '/organisations', 'gz-admin', { parentId, name: `Union ${randomUUID().slice(0, 6)}`, kind, autoApprove });
      expect(created.status).toBe(201);
      return created.body as { id: string; path: string };
    };
    const town = await org('gz-tianhe', 'town');
    const grassroots = await org(town.id, 'grassroots', true);
    const mover = `restart-mover-${randomUUID().slice(0, 8)}`;
    expect((await api('POST', '/members', mover, { name: 'Mover', phone: uniquePhone(), industry: 'other' })).status).toBe(201);
    expect((await api('POST', '/me/membership', mover, { organisationId: grassroots.id })).status).toBe(201);
    const county = await org('gz', 'county');
    const moved = await api('POST', `/organisations/${town.id}/move`, 'gz-admin', { newParentId: county.id });
    expect(moved.status).toBe(202);
    expect((await api('GET', `/organisations/${town.id}`, 'gz-admin')).body.movingFrom).toBeDefined();
    expect((await api('GET', `/organisations/${grassroots.id}`, 'gz-admin')).body.path).toBe(grassroots.path);

    // In flight when it stops: both batch messages (1's was never deleted) and the move.
    expect(await queueDepth(first, 'payoutBatches')).toBe(2);
    expect(await queueDepth(first, 'subtreeMoves')).toBe(1);
    const firstLedger = first.payments!.ledger();
    const firstSqsPort = new URL(first.sqsEndpoint).port;
    await stop(first);

    // Second run on the same folder, with its schedules and queue pollers (on other ports).
    const second = await start(dataDir);
    expect(new URL(second.sqsEndpoint).port).not.toBe(firstSqsPort);
    expect(new URL(second.sqs.queueUrls.payoutBatches!).port).toBe(new URL(second.sqsEndpoint).port);
    expect(second.lines).not.toContain('Seeded the demo: a province, two cities, unions and a user of every role.');
    const api2 = client(second);

    // The move, taken from the queue where the first run left it.
    const settled = await until('the subtree follows the move', async () => {
      const child = (await api2('GET', `/organisations/${grassroots.id}`, 'gz-admin')).body;
      const parent = (await api2('GET', `/organisations/${town.id}`, 'gz-admin')).body;
      return !parent.movingFrom && child.path.startsWith(`gd/gz/${county.id}/`) && child;
    });
    expect(settled.path).toBe(`gd/gz/${county.id}/${town.id}/${grassroots.id}/`);
    const members = await api2('GET', `/organisations/${county.id}/members`, 'gz-admin');
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([subjectOf(mover)]);

    // The payouts: the worker takes both messages; the reconciler (run here rather than waiting
    // for the minute) settles them.
    await until('both payouts are paid', async () => {
      await second.functions.invoke('payoutReconciler', schedule('payoutReconciler'));
      const statuses = await Promise.all(claimants.map(async (c) => (await api2('GET', '/me/payouts', c.user)).body.items[0].status));
      return statuses.every((status) => status === 'paid');
    });
    await until('the queues are drained', async () => (await queueDepth(second, 'payoutBatches')) === 0 && (await queueDepth(second, 'subtreeMoves')) === 0);

    // Exactly once, over the provider's whole life: it still knows what it paid before the restart.
    const ledger = second.payments!.ledger();
    expect(ledger.batchIds.get(batch1.batches[0]!), 'batch 1 is the one paid before the restart').toBe(firstLedger.batchIds.get(batch1.batches[0]!));
    expect(ledger.batches).toBe(2);
    for (const claimant of claimants) expect(ledger.paidFenByRecipient.get(subjectOf(claimant.user)), claimant.user).toBe(claimant.amountFen);
    expect(ledger.successfulDetails).toBe(2);
    for (const queue of ['payoutBatches', 'subtreeMoves']) {
      const { Attributes = {} } = await second.sqs.client.send(
        new GetQueueAttributesCommand({ QueueUrl: second.sqs.deadLetterUrls[queue], AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      expect(Attributes.ApproximateNumberOfMessages, `${queue} dead letters`).toBe('0');
    }

    // The document, from the second run's S3.
    const s3 = new S3Client({ endpoint: second.sqsEndpoint, region: localRegion, credentials: localCredentials, forcePathStyle: true });
    const object = await s3.send(new GetObjectCommand({ Bucket: localBucketName('memberDocuments'), Key: paidBefore.upload.key }));
    expect(object.ContentType).toBe('image/png');
    expect(await object.Body!.transformToByteArray()).toEqual(document);
    s3.destroy();

    await stop(second);
  });
});

