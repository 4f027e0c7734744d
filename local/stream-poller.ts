/**
 * Lambda's DynamoDB event source mapping, locally: reads each declared table's stream in DynamoDB
 * Local, shard by shard (a child shard once its parent is read to its end), from the oldest record
 * (TRIM_HORIZON), and hands the function batches of up to its batch size as a DynamoDBStreamEvent.
 * As deployed: a batch that throws is retried (halved each time, `bisectBatchOnError`); a batch
 * that reports `batchItemFailures` is retried from the earliest record it names; after the
 * trigger's retry attempts the batch is described on its failure queue and skipped. A throttled
 * invocation is retried without counting. One batch per shard at a time, so a shard's records
 * are delivered in order.
 *
 * For tests: `drain()` answers once every shard has been read to its end and every batch handled;
 * `redeliver(n)` hands the function its last n batches again, as a retry after a lost answer would.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamTrigger, System } from '../shared/system';
import { isThrottle } from './function-host';
import { sleep } from './processes';

const IDLE_MS = 250;
const FIRST_BACK_OFF_MS = 100;
const MAX_BACK_OFF_MS = 2_000;
/** Batches kept per function for `redeliver`. */
const KEPT_BATCHES = 50;

export interface StreamPollers {
  /** Resolves once every stream has been read to its end and what was read handled (a full idle pass after the call). */
  drain(timeoutMs?: number): Promise<{ batches: number }>;
  /** Hands each stream function its last `count` batches again (all functions' when none is named). */
  redeliver(count: number, functionName?: string): Promise<{ batches: number; records: number }>;
  stop(): Promise<void>;
}

interface ShardState {
  id: string;
  parent?: string;
  iterator?: string;
  lastSequence?: string;
  done: boolean;
}

interface Loop {
  functionName: string;
  table: string;
  pass: number;
  /** The latest pass that read nothing. */
  idlePass: number;
  wake?: () => void;
}

export function startStreamPollers(options: {
  system: System;
  dynamodb: DynamoDBClient;
  /** DynamoDB Local's endpoint and credentials for the streams client. */
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  tableName(table: string): string;
  invoke(functionName: string, event: DynamoDBStreamEvent): Promise<unknown>;
  /** Where a batch that failed every retry is described (the trigger's `onFailure` queue). */
  sendFailure(queue: string, body: string): Promise<void>;
  log(line: string): void;
  /** Where a stream is first read: its oldest record (TRIM_HORIZON, the default) or only what comes after the start (LATEST). */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
}): StreamPollers {
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials: options.credentials, maxAttempts: 3 });
  let stopped = false;
  let delivered = 0;
  const loops: Loop[] = [];
  const running: Promise<void>[] = [];
  const kept = new Map<string, DynamoDBStreamEvent[]>();

  for (const [functionName, spec] of Object.entries(options.system.functions)) {
    const trigger = spec.trigger;
    if (trigger.kind !== 'stream') continue;
    for (const table of trigger.tables) {
      const loop: Loop = { functionName, table, pass: 0, idlePass: -1 };
      loops.push(loop);
      running.push(pollLoop(loop, trigger));
    }
  }

  const pauseOrWake = (loop: Loop, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        loop.wake = undefined;
        resolve();
      }
      loop.wake = done;
    });

  async function pollLoop(loop: Loop, trigger: StreamTrigger) {
    const shards = new Map<string, ShardState>();
    let streamArn: string | undefined;
    while (!stopped) {
      const pass = ++loop.pass;
      let read = 0;
      try {
        streamArn ??= (await options.dynamodb.send(new DescribeTableCommand({ TableName: options.tableName(loop.table) }))).Table?.LatestStreamArn;
        if (!streamArn) throw new Error(`table ${loop.table} has no stream`);
        await discover(streamArn, shards);
        for (const shard of [...shards.values()].sort((a, b) => a.id.localeCompare(b.id))) {
          if (shard.done || (shard.parent && shards.get(shard.parent) && !shards.get(shard.parent)!.done)) continue;
          read += await readShard(loop, trigger, streamArn, shard);
        }
      } catch (error) {
        if (!stopped) options.log(`stream of ${loop.table} for ${loop.functionName}: ${(error as Error).message}`);
        await sleep(1000);
        continue;
      }
      if (read === 0) {
        loop.idlePass = pass;
        await pauseOrWake(loop, IDLE_MS);
      }
    }
  }

  async function discover(streamArn: string, shards: Map<string, ShardState>) {
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shards.has(shard.ShardId!)) shards.set(shard.ShardId!, { id: shard.ShardId!, parent: shard.ParentShardId, done: false });
      }
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  /** Reads a shard until it has nothing more now (or ends), delivering each batch; answers how many records it read. */
  async function readShard(loop: Loop, trigger: StreamTrigger, streamArn: string, shard: ShardState): Promise<number> {
    let read = 0;
    for (;;) {
      if (stopped) return read;
      if (!shard.iterator) {
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.id,
            ...(shard.lastSequence ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.lastSequence } : { ShardIteratorType: options.startingPosition ?? 'TRIM_HORIZON' }),
          }),
        );
        shard.iterator = ShardIterator;
        if (!shard.iterator) {
          shard.done = true;
          return read;
        }
      }
      let page;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: Math.min(1000, trigger.batchSize) }));
      } catch (error) {
        if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
          shard.iterator = undefined;
          continue;
        }
        throw error;
      }
      const records = page.Records ?? [];
      if (records.length > 0) {
        await deliver(loop.functionName, trigger, records.map((record) => toLambdaRecord(record, streamArn, options.region)));
        shard.lastSequence = records.at(-1)!.dynamodb!.SequenceNumber;
        read += records.length;
      }
      shard.iterator = page.NextShardIterator;
      if (!shard.iterator) {
        shard.done = true;
        return read;
      }
      if (records.length === 0) return read;
    }
  }

  async function invokeUnthrottled(functionName: string, event: DynamoDBStreamEvent): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await options.invoke(functionName, event);
      } catch (error) {
        if (!isThrottle(error) || stopped) throw error;
        await sleep(Math.min(MAX_BACK_OFF_MS, FIRST_BACK_OFF_MS * 2 ** attempt) * (0.5 + Math.random() / 2));
      }
    }
  }

  /** Delivers a batch until it succeeds or has used its retries; then it is described on the failure queue. */
  async function deliver(functionName: string, trigger: StreamTrigger, batch: DynamoDBRecord[], retriesLeft = trigger.retryAttempts): Promise<void> {
    let records = batch;
    while (records.length > 0 && !stopped) {
      const event: DynamoDBStreamEvent = { Records: records };
      let failedFrom: number | undefined;
      try {
        const result = (await invokeUnthrottled(functionName, event)) as { batchItemFailures?: { itemIdentifier: string }[] } | null;
        keep(functionName, event);
        delivered++;
        const failures = new Set((result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        const index = records.findIndex((record) => failures.has(record.dynamodb!.SequenceNumber!));
        if (failures.size === 0) return;
        failedFrom = index < 0 ? 0 : index;
      } catch (error) {
        options.log(`${functionName} failed a stream batch of ${records.length}: ${(error as Error).message}`);
        if (retriesLeft <= 0) return fail(functionName, trigger, records, (error as Error).message);
        retriesLeft--;
        if (records.length > 1) {
          // bisectBatchOnError: each half is retried on its own, with the retries left.
          const half = Math.ceil(records.length / 2);
          await deliver(functionName, trigger, records.slice(0, half), retriesLeft);
          records = records.slice(half);
        }
        continue;
      }
      if (retriesLeft <= 0) return fail(functionName, trigger, records.slice(failedFrom), 'batch item failures after every retry');
      retriesLeft--;
      records = records.slice(failedFrom);
    }
  }

  async function fail(functionName: string, trigger: StreamTrigger, records: DynamoDBRecord[], reason: string) {
    options.log(`${functionName} gave up on ${records.length} stream records (${reason}); described on ${trigger.onFailure}`);
    const body = JSON.stringify({
      requestContext: { functionArn: functionName, condition: reason },
      DDBStreamBatchInfo: {
        streamArn: records[0]?.eventSourceARN,
        startSequenceNumber: records[0]?.dynamodb?.SequenceNumber,
        endSequenceNumber: records.at(-1)?.dynamodb?.SequenceNumber,
        batchSize: records.length,
      },
    });
    await options.sendFailure(trigger.onFailure, body).catch((error: Error) => options.log(`could not describe the failed batch: ${error.message}`));
  }

  function keep(functionName: string, event: DynamoDBStreamEvent) {
    const list = kept.get(functionName) ?? [];
    list.push(event);
    if (list.length > KEPT_BATCHES) list.shift();
    kept.set(functionName, list);
  }

  return {
    async drain(timeoutMs = 60_000) {
      const targets = loops.map((loop) => ({ loop, after: loop.pass + 1 }));
      const until = Date.now() + timeoutMs;
      const before = delivered;
      for (;;) {
        const waiting = targets.filter(({ loop, after }) => loop.idlePass < after);
        if (waiting.length === 0) return { batches: delivered - before };
        if (Date.now() > until) throw new Error(`streams not drained within ${timeoutMs} ms: ${waiting.map(({ loop }) => loop.table).join(', ')}`);
        for (const { loop } of waiting) loop.wake?.();
        await sleep(20);
      }
    },
    async redeliver(count, functionName) {
      let batches = 0;
      let records = 0;
      for (const [name, events] of kept) {
        if (functionName && name !== functionName) continue;
        for (const event of events.slice(-count)) {
          await invokeUnthrottled(name, event);
          batches++;
          records += event.Records.length;
        }
      }
      return { batches, records };
    },
    async stop() {
      stopped = true;
      for (const loop of loops) loop.wake?.();
      await Promise.allSettled(running);
      streams.destroy();
    },
  };
}

/** A record as Lambda hands it: creation time in epoch seconds, the stream's ARN. */
function toLambdaRecord(record: _Record, streamArn: string, region: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(dynamodb as DynamoDBRecord['dynamodb']),
      ApproximateCreationDateTime: ApproximateCreationDateTime ? Math.floor(new Date(ApproximateCreationDateTime).getTime() / 1000) : undefined,
    },
  };
}
