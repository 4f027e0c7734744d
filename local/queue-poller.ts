/**
 * Lambda's SQS event source mapping, locally: long-polls each consumed queue, hands the function
 * batches of up to its batch size as an SQSEvent, deletes what succeeded, and leaves failed
 * records (the whole batch if the function threw, or the `batchItemFailures` it reported) to
 * reappear after the visibility timeout and, past the receive count, move to the dead-letter
 * queue — which the emulator does, as SQS does.
 *
 * A throttled invocation (the function at its concurrency limit) is not a failure of the batch:
 * as the event source mapping does, the poller backs off and invokes again with the same batch
 * while the messages are still invisible (half their visibility timeout), so a throttle does not
 * use up a receive; past that it leaves them to come back, and waits before polling again.
 *
 * Faults (the fault tests switch them on; see `QueueFaults`): SQS delivers at least once and in no
 * promised order or time, and the mapping may invoke a batch again when an answer is lost. So a
 * share of batches can be held a while before they are handed over (delay), handed over a second
 * time after the first invocation succeeded (redeliver), or have a message handed over again in a
 * later batch, as SQS's at-least-once delivery does (duplicate). Decisions come from a seeded
 * generator; `injected()` counts each kind.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueTrigger, System } from '../shared/system';
import { localRegion } from './dynamodb-local';
import { seededRandom } from '../shared/aws/faults';
import { isThrottle } from './function-host';
import { sleep } from './processes';

/** Back-off between invocations of a throttled batch: 100 ms doubling to 2 s, jittered. */
const FIRST_BACK_OFF_MS = 100;
const MAX_BACK_OFF_MS = 2_000;

/** Shares (0–1) of batches (delay, redeliver) or messages (duplicate) that meet each delivery fault. */
export interface QueueFaults {
  seed?: number;
  /** Invoke the same batch again once it succeeded (the mapping's answer was lost). */
  redeliver?: number;
  /** Hand a message over once more, in a later batch of the same function (SQS's at-least-once delivery). */
  duplicate?: number;
  /** Hold the batch `delayMs` (default 1 s) before invoking (a slow or late delivery). */
  delay?: number;
  delayMs?: number;
}

export type QueueFaultKind = 'redeliver' | 'duplicate' | 'delay';

export interface QueuePollers {
  /** How many delivery faults of each kind were injected so far. */
  injected(): Record<QueueFaultKind, number>;
  /** Delivery faults from now on (none: undefined); its seed starts the generator again. */
  setFaults(faults: QueueFaults | undefined): void;
  stop(): Promise<void>;
}

export function startQueuePollers(options: {
  system: System;
  sqs: SQSClient;
  queueUrls: Record<string, string>;
  invoke(functionName: string, event: SQSEvent): Promise<unknown>;
  log(line: string): void;
  /** Batches in flight per queue at once (Lambda scales pollers; a laptop needs only a few). */
  concurrency?: number;
  faults?: QueueFaults;
}): QueuePollers {
  let stopped = false;
  let faults = options.faults;
  let random = seededRandom(faults?.seed ?? 1);
  const injected: Record<QueueFaultKind, number> = { redeliver: 0, duplicate: 0, delay: 0 };
  const meets = (kind: QueueFaultKind) => {
    const share = faults?.[kind] ?? 0;
    if (share <= 0 || random() >= share) return false;
    injected[kind]++;
    return true;
  };
  /** Copies of messages still to be handed over again, per function. */
  const duplicates = new Map<string, SQSRecord[]>();
  const loops: Promise<void>[] = [];
  for (const [name, spec] of Object.entries(options.system.functions)) {
    const trigger = spec.trigger;
    if (trigger.kind !== 'queue') continue;
    const queueUrl = options.queueUrls[trigger.queue]!;
    for (let i = 0; i < (options.concurrency ?? 2); i++) {
      loops.push(pollLoop(name, trigger, queueUrl));
    }
  }

  async function receiveBatch(trigger: QueueTrigger, queueUrl: string): Promise<Message[]> {
    const batch: Message[] = [];
    const windowEnds = Date.now() + (trigger.maxBatchingWindowSeconds ?? 0) * 1000;
    do {
      const { Messages = [] } = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, trigger.batchSize - batch.length),
          WaitTimeSeconds: batch.length === 0 ? 1 : 0,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      batch.push(...Messages);
      if (Messages.length === 0 && Date.now() >= windowEnds) break;
    } while (!stopped && batch.length < trigger.batchSize && (batch.length > 0 || Date.now() < windowEnds));
    return batch;
  }

  /** Invokes with the batch; a throttle is retried with jittered back-off while the batch stays hidden. */
  async function invokeBatch(functionName: string, event: SQSEvent, hiddenUntil: number): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await options.invoke(functionName, event);
      } catch (error) {
        const backOffMs = Math.min(MAX_BACK_OFF_MS, FIRST_BACK_OFF_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
        if (!isThrottle(error) || stopped || Date.now() + backOffMs >= hiddenUntil) throw error;
        await sleep(backOffMs);
      }
    }
  }

  async function pollLoop(functionName: string, trigger: QueueTrigger, queueUrl: string) {
    const queueArn = `arn:aws:sqs:${localRegion}:000000000000:${trigger.queue}`;
    const visibilityMs = (options.system.queues[trigger.queue]?.visibilityTimeoutSeconds ?? 30) * 1000;
    while (!stopped) {
      const polledAt = Date.now(); // no message of the batch was received before this
      let messages: Message[];
      try {
        messages = await receiveBatch(trigger, queueUrl);
      } catch (error) {
        if (!stopped) options.log(`polling ${trigger.queue} failed: ${(error as Error).message}`);
        await sleep(1000);
        continue;
      }
      // A copy handed over again rides with the next batch, or alone after an empty poll (it is no
      // message of the queue any more: never deleted).
      const copies = duplicates.get(functionName)?.splice(0) ?? [];
      if (messages.length === 0 && copies.length === 0) continue;
      const hiddenUntil = polledAt + visibilityMs / 2;
      const records = messages.map((m) => toRecord(m, queueArn));
      const event: SQSEvent = { Records: [...records, ...copies.filter((copy) => !records.some((r) => r.messageId === copy.messageId))] };
      for (const record of records) {
        if (meets('duplicate')) duplicates.set(functionName, [...(duplicates.get(functionName) ?? []), record]);
      }
      if (meets('delay')) await sleep(faults?.delayMs ?? 1_000);
      let failed: Set<string>;
      try {
        const result = (await invokeBatch(functionName, event, hiddenUntil)) as { batchItemFailures?: { itemIdentifier: string }[] } | null;
        failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        if (isThrottle(error)) {
          options.log(`${functionName} throttled a batch of ${messages.length}; it comes back after the visibility timeout`);
          await sleep(MAX_BACK_OFF_MS); // back off before polling again, as the event source mapping does
        } else {
          options.log(`${functionName} failed a batch of ${messages.length}: ${(error as Error).message}`);
        }
        continue; // nothing deleted: every record comes back after the visibility timeout
      }
      if (meets('redeliver')) {
        // The same batch once more, as after an answer the mapping never saw; what it answers stands.
        await invokeBatch(functionName, event, hiddenUntil).catch((error: Error) => options.log(`${functionName} failed a redelivered batch: ${error.message}`));
      }
      const done = messages.filter((m) => !failed.has(m.MessageId!));
      for (let i = 0; i < done.length; i += 10) {
        await options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: done.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    }
  }

  return {
    injected: () => ({ ...injected }),
    setFaults: (next) => {
      faults = next;
      random = seededRandom(next?.seed ?? 1);
    },
    stop: async () => {
      stopped = true;
      await Promise.allSettled(loops);
    },
  };
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.MessageGroupId && { MessageGroupId: attributes.MessageGroupId }),
      ...(attributes.MessageDeduplicationId && { MessageDeduplicationId: attributes.MessageDeduplicationId }),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [
        key,
        { stringValue: value.StringValue, dataType: value.DataType ?? 'String', stringListValues: [], binaryListValues: [] },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: localRegion,
  };
}
