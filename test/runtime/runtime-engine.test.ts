/**
 * The local runtime's Lambda machinery, on a fixture system: the SQS event source mapping
 * (batches, partial failures, redelivery after the visibility timeout, dead letters after the
 * receive count), schedules invoked with the deployed payload, containers that crash, and
 * concurrency: a pool of containers per function up to its limit, timeouts counted in the
 * container, and a fast throttle (429 with Retry-After over HTTP) beyond the admission bound.
 */
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION, FunctionError, TooManyRequestsError } from '../../local/function-host';
import { startQueuePollers } from '../../local/queue-poller';
import { startRuntime, type Runtime } from '../../local/runtime';
import { scheduledEvent } from '../../local/scheduler';
import type { System } from '../../shared/system';
import { engineSystem, fixtureSystem } from '../fixtures/system';

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startRuntime({
    system: engineSystem,
    port: 0,
    inMemory: true,
    dataDir: mkdtempSync(path.join(tmpdir(), 'union-benefits-engine-')),
    seedDemo: false,
    log: () => {},
    functionOutput: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
});

afterAll(async () => {
  await runtime?.stop();
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const deliveries = async (id: string) => {
  const { Item } = await runtime.dynamodb.send(new GetItemCommand({ TableName: 'records', Key: { pk: { S: id } } }));
  return Item ? { deliveries: Number(Item.deliveries!.N), receiveCount: Number(Item.receiveCount!.N) } : undefined;
};

describe('the SQS event source mapping', () => {
  it('deletes what succeeded, redelivers what failed, and dead-letters what keeps failing', async () => {
    // Warm a container for each poller first: with a 2 s visibility timeout, a cold start on a
    // busy machine would otherwise let a batch reappear while it is still being handed over.
    await Promise.all(
      ['warm-1', 'warm-2'].map((id) =>
        runtime.functions.invoke('recordConsumer', {
          Records: [{ messageId: id, body: JSON.stringify({ id, mode: 'ok' }), attributes: { ApproximateReceiveCount: '1' } }],
        }),
      ),
    );
    const messages = [
      { id: 'ok-1', mode: 'ok' },
      { id: 'ok-2', mode: 'ok' },
      { id: 'ok-3', mode: 'ok' },
      { id: 'retry-1', mode: 'fail-once' },
      { id: 'poison-1', mode: 'fail-always' },
    ];
    await runtime.sqs.client.send(
      new SendMessageBatchCommand({
        QueueUrl: runtime.sqs.queueUrls.work,
        Entries: messages.map((m, i) => ({ Id: String(i), MessageBody: JSON.stringify(m) })),
      }),
    );

    for (const id of ['ok-1', 'ok-2', 'ok-3']) {
      expect(await until(() => deliveries(id))).toEqual({ deliveries: 1, receiveCount: 1 });
    }
    // Failed in its first batch, back after the 2 s visibility timeout, then done — once.
    expect(await until(() => deliveries('retry-1'))).toEqual({ deliveries: 1, receiveCount: 2 });

    const deadLetter = await until(async () => {
      const { Messages } = await runtime.sqs.client.send(
        new ReceiveMessageCommand({ QueueUrl: runtime.sqs.deadLetterUrls.work, WaitTimeSeconds: 1 }),
      );
      return Messages?.[0];
    });
    expect(JSON.parse(deadLetter.Body!)).toEqual({ id: 'poison-1', mode: 'fail-always' });
    expect(await deliveries('poison-1')).toBeUndefined();
  });
});

describe('schedules', () => {
  it('fires at the next 10:00 in Asia/Shanghai', () => {
    expect(runtime.scheduler.upcoming().ticker?.getUTCHours()).toBe(2);
  });

  it('invokes the function with the payload the deployed schedule sends', async () => {
    const at = new Date('2026-12-01T02:00:00Z');
    const event = scheduledEvent('ticker', fixtureSystem.functions.ticker.trigger, at);
    await runtime.functions.invoke('ticker', event);
    const { Items = [] } = await runtime.dynamodb.send(new ScanCommand({ TableName: 'records' }));
    const tick = Items.find((item) => item.pk!.S === `tick#${at.toISOString()}`);
    expect(tick).toMatchObject({ scheduleName: { S: 'ticker' }, job: { S: 'tick' } });
  });
});

describe('containers', () => {
  it('gives a function only the environment its manifest entry declares', async () => {
    // The ticker may write `records` and send to `work`: exactly those two, nothing else.
    await expect(
      runtime.functions.invoke('ticker', scheduledEvent('ticker', fixtureSystem.functions.ticker.trigger, new Date())),
    ).resolves.toEqual({ ok: true, resources: ['RECORDS_TABLE_NAME', 'WORK_QUEUE_URL'] });
    // The sleeper declares no table and no queue, and is given none.
    await expect(runtime.functions.invoke('sleeper', { sleepMs: 0 })).resolves.toMatchObject({ resources: [] });
  });

  it('refuses, as IAM would, a write to a table the entry declares read-only and any call to an undeclared one', async () => {
    await expect(runtime.functions.invoke('recordReader', { pk: 'iam-probe' })).resolves.toEqual({
      read: 'allowed',
      write: 'AccessDeniedException',
      undeclared: 'AccessDeniedException',
    });
    // Nothing was written: the refusal happened before DynamoDB.
    const { Item } = await runtime.dynamodb.send(new GetItemCommand({ TableName: 'records', Key: { pk: { S: 'iam-probe' } } }));
    expect(Item).toBeUndefined();
  });

  it('fails the in-flight invocation when its container dies, and cold-starts a new one', async () => {
    const hanging = runtime.functions.invoke('recordConsumer', {
      Records: [{ messageId: 'm1', body: JSON.stringify({ id: 'hang', mode: 'sleep' }), attributes: { ApproximateReceiveCount: '1' } }],
    });
    // Killed once the invocation is under way in its container (not after a guessed pause).
    await until(async () => (runtime.functions.state('recordConsumer').containers.some((c) => c.running) ? true : undefined));
    await runtime.functions.kill('recordConsumer');
    await expect(hanging).rejects.toBeInstanceOf(FunctionError);
    const next = await runtime.functions.invoke('recordConsumer', {
      Records: [{ messageId: 'm2', body: JSON.stringify({ id: 'after-crash', mode: 'ok' }), attributes: { ApproximateReceiveCount: '1' } }],
    });
    expect(next).toEqual({ batchItemFailures: [] });
  });

  it('times an invocation out at the function timeout', async () => {
    const started = Date.now();
    await expect(
      runtime.functions.invoke('recordConsumer', {
        Records: [{ messageId: 'm3', body: JSON.stringify({ id: 'slow', mode: 'sleep' }), attributes: { ApproximateReceiveCount: '1' } }],
      }),
    ).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});

interface SleepReport {
  container: string;
  startedAt: number;
  endedAt: number;
}

const sleeper = engineSystem.functions.sleeper;
const sleep = (sleepMs: number) => runtime.functions.invoke('sleeper', { sleepMs }) as Promise<SleepReport>;

/** The most invocations whose [startedAt, endedAt) overlapped at any instant. */
function mostAtOnce(reports: SleepReport[]): number {
  const edges = reports.flatMap((r) => [
    { at: r.startedAt, step: 1 },
    { at: r.endedAt, step: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (now += edge.step));
  return most;
}

/** Waits until no invocation of the sleeper is running or waiting. */
const settled = () =>
  until(async () => {
    const state = runtime.functions.state('sleeper');
    return state.waiting === 0 && state.containers.every((c) => !c.busy) ? state : undefined;
  });

describe('concurrency (sleeper: concurrency 2, timeout 1 s)', () => {
  const limit = sleeper.concurrency;
  const queueBound = limit * DEFAULT_ADMISSION.queuePerContainer;

  it('runs at most the limit at once, in more than one container', async () => {
    const reports = await Promise.all(Array.from({ length: 4 }, () => sleep(200)));
    expect(mostAtOnce(reports)).toBeLessThanOrEqual(limit);
    expect(new Set(reports.map((r) => r.container)).size).toBe(limit);
    expect(runtime.functions.state('sleeper').containers).toHaveLength(limit);
  });

  it('counts the timeout from when an invocation starts in a container, not while it waits', async () => {
    await settled();
    const queuedAt = Date.now();
    // Two rounds of 600 ms on two warm containers: each run is within the 1 s timeout, but the
    // second round ends ~1.2 s after it was queued.
    const reports = await Promise.all(Array.from({ length: 2 * limit }, () => sleep(600)));
    expect(Math.max(...reports.map((r) => r.endedAt)) - queuedAt).toBeGreaterThan(sleeper.timeoutSeconds * 1000);
    expect(mostAtOnce(reports)).toBeLessThanOrEqual(limit);
  });

  it('refuses an invocation beyond the admission bound at once, with a throttle', async () => {
    await settled();
    const admitted = Array.from({ length: limit + queueBound }, () =>
      sleep(700).then(
        (report) => ({ report }),
        (error: FunctionError) => ({ error }),
      ),
    );
    expect(runtime.functions.state('sleeper')).toMatchObject({ waiting: queueBound });

    const started = performance.now();
    const refused = await sleep(700).catch((error: unknown) => error);
    const took = performance.now() - started;
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect(refused).toMatchObject({ name: 'TooManyRequestsException', functionName: 'sleeper' });
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(took).toBeLessThan(100); // the function's timeout is 1,000 ms

    // The admitted ones: run, or refused once they have waited the bounded time — none timed out.
    const outcomes = await Promise.all(admitted);
    const errors = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
    expect(outcomes.length - errors.length).toBeGreaterThanOrEqual(limit);
    for (const error of errors) expect(error).toBeInstanceOf(TooManyRequestsError);
  });

  it('replaces the container of a timed-out invocation', async () => {
    await settled();
    const before = runtime.functions.state('sleeper').containers.map((c) => c.id);
    const timingOut = sleep(1_500).catch((error: unknown) => error);
    const doomed = runtime.functions.state('sleeper').containers.find((c) => c.busy)!.id;
    const error = await timingOut;
    expect(error).toMatchObject({ name: 'Sandbox.Timedout' });
    expect((error as FunctionError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(runtime.functions.state('sleeper').containers.map((c) => c.id)).not.toContain(doomed);

    const reports = await Promise.all(Array.from({ length: limit }, () => sleep(50)));
    expect(new Set(reports.map((r) => r.container)).size).toBe(limit);
    const after = runtime.functions.state('sleeper').containers.map((c) => c.id);
    expect(after).toHaveLength(limit);
    expect(after).not.toContain(doomed);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1); // one cold start, one reused
  });
});

describe('the gateway when the function does not answer', () => {
  const get = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${runtime.url}${path}`);
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown>, ms: performance.now() - started };
  };

  it('answers a throttle with 429 problem+json, Retry-After and the request id — fast', async () => {
    await settled();
    const limit = sleeper.concurrency;
    const beyond = 3;
    const answers = await Promise.all(
      Array.from({ length: limit * (1 + DEFAULT_ADMISSION.queuePerContainer) + beyond }, () => get('/fixtures/sleep?ms=700')),
    );
    const throttled = answers.filter((a) => a.status === 429);
    const served = answers.filter((a) => a.status === 200);
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    expect(served.length).toBeGreaterThanOrEqual(limit);
    expect(throttled.length).toBeGreaterThanOrEqual(beyond);
    // The ones beyond the bound were refused at once: answered before any request could finish its
    // 700 ms (the machine's own HTTP overhead is in both); the rest within the 1 s admission wait.
    const firstServed = Math.min(...served.map((a) => a.ms));
    expect(throttled.filter((a) => a.ms < firstServed).length).toBeGreaterThanOrEqual(beyond);
    for (const answer of throttled) {
      // At most the admission wait (plus a cold start, if the burst started one), never the timeout's worth on top.
      expect(answer.ms).toBeLessThan(DEFAULT_ADMISSION.maxWaitMs + 1_000);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body).toMatchObject({
        type: 'urn:union-benefits:problem:throttled',
        title: 'Too Many Requests',
        status: 429,
        code: 'THROTTLED',
        instance: '/fixtures/sleep',
      });
      expect(answer.body.requestId).toBe(answer.headers.get('apigw-requestid'));
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number.isInteger(Number(answer.headers.get('retry-after')))).toBe(true);
    }
  });

  it('answers a timed-out function with 503 TIMED_OUT and Retry-After, a crashed one with 500 INTERNAL_ERROR', async () => {
    await settled();
    const timedOut = await get('/fixtures/sleep?ms=1500');
    expect(timedOut.status).toBe(503);
    expect(timedOut.body).toMatchObject({ code: 'TIMED_OUT', status: 503, requestId: timedOut.headers.get('apigw-requestid') });
    expect(Number(timedOut.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const crashed = await get('/fixtures/sleep?fail=1');
    expect(crashed.status).toBe(500);
    expect(crashed.headers.get('content-type')).toBe('application/problem+json');
    expect(crashed.body).toMatchObject({ code: 'INTERNAL_ERROR', requestId: crashed.headers.get('apigw-requestid') });
    expect(JSON.stringify(crashed.body)).not.toContain('failing on purpose');
  });
});

describe('the event source mapping under throttling', () => {
  it('backs off and invokes again with the same batch, without using up a receive', async () => {
    const queue = 'throttle-probe';
    const { QueueUrl } = await runtime.sqs.client.send(
      new CreateQueueCommand({ QueueName: queue, Attributes: { VisibilityTimeout: '10' } }),
    );
    const system: System = {
      tables: {},
      queues: { [queue]: { description: 'probe', visibilityTimeoutSeconds: 10, maxReceiveCount: 3, retentionDays: 1 } },
      secrets: {},
      functions: {
        probe: {
          capability: 'fixtures',
          entry: 'unused',
          description: 'A stand-in consumer that is throttled twice',
          trigger: { kind: 'queue', queue, batchSize: 10 },
        },
      },
    };
    let calls = 0;
    const seen = new Map<string, string>();
    const pollers = startQueuePollers({
      system,
      sqs: runtime.sqs.client,
      queueUrls: { [queue]: QueueUrl! },
      concurrency: 1,
      log: () => {},
      invoke: async (_name, event: SQSEvent) => {
        if (++calls <= 2) throw new TooManyRequestsError('probe', 'ReservedFunctionConcurrentInvocationLimitExceeded', 1);
        for (const record of event.Records) seen.set(JSON.parse(record.body).id, record.attributes.ApproximateReceiveCount);
        return { batchItemFailures: [] };
      },
    });
    try {
      await runtime.sqs.client.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: ['a', 'b', 'c'].map((id, i) => ({ Id: String(i), MessageBody: JSON.stringify({ id }) })),
        }),
      );
      await until(async () => (seen.size === 3 ? true : undefined));
      expect(calls).toBeGreaterThanOrEqual(3);
      expect(Object.fromEntries(seen)).toEqual({ a: '1', b: '1', c: '1' });
      await until(async () => {
        const { Attributes = {} } = await runtime.sqs.client.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        return Attributes.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0' ? true : undefined;
      });
    } finally {
      await pollers.stop();
    }
  });
});

describe('kill', () => {
  it('fails every invocation in flight in any of the function’s containers, and the next cold-starts', async () => {
    await settled();
    await Promise.all(Array.from({ length: sleeper.concurrency }, () => sleep(10))); // every container warm
    const inFlight = Array.from({ length: sleeper.concurrency }, () => sleep(700));
    const allRunning = () => runtime.functions.state('sleeper').containers.filter((c) => c.running).length === sleeper.concurrency;
    await until(async () => (allRunning() ? true : undefined));
    await runtime.functions.kill('sleeper');
    for (const invocation of inFlight) await expect(invocation).rejects.toMatchObject({ name: 'Runtime.ExitError' });
    expect(runtime.functions.state('sleeper').containers).toHaveLength(0);
    await expect(sleep(10)).resolves.toMatchObject({ container: expect.any(String) });
  });
});
