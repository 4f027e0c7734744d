/**
 * The local runtime's Lambda machinery, on a fixture system: the SQS event source mapping
 * (batches, partial failures, redelivery after the visibility timeout, dead letters after the
 * receive count), schedules invoked with the deployed payload, and containers that crash.
 */
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionError } from '../../local/function-host';
import { startRuntime, type Runtime } from '../../local/runtime';
import { scheduledEvent } from '../../local/scheduler';
import { fixtureSystem } from '../fixtures/system';

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startRuntime({
    system: fixtureSystem,
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
    // The ticker may write `records` and send to `work`; a missing variable would fail its cold start.
    await expect(
      runtime.functions.invoke('ticker', scheduledEvent('ticker', fixtureSystem.functions.ticker.trigger, new Date())),
    ).resolves.toEqual({ ok: true });
  });

  it('fails the in-flight invocation when its container dies, and cold-starts a new one', async () => {
    const hanging = runtime.functions.invoke('recordConsumer', {
      Records: [{ messageId: 'm1', body: JSON.stringify({ id: 'hang', mode: 'sleep' }), attributes: { ApproximateReceiveCount: '1' } }],
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
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
