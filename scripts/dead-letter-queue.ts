/**
 * Dead-lettered messages for operators: find a queue's dead-letter queue (on AWS by the Data
 * stack's naming, locally in fauxqs), list what waits there, and replay it to its source queue.
 * `npm run dlq` (scripts/dead-letters.ts) is the command; the fault tests call these directly.
 *
 * Replaying is safe because every consumer is idempotent by construction, so a message handled
 * twice (once before it was dead-lettered, if it got that far, and once replayed; or twice, if a
 * delete below fails after its send) does no harm:
 * - payoutBatches carries a batch number: the worker submits only a batch still `created`, and the
 *   provider treats the same number as the same batch, so nobody is paid twice;
 * - subtreeMoves: every re-path is conditional on the old path, so a second pass writes nothing;
 * - activityNotices: each notice's id and time come from the message, so nothing is written twice;
 * - birthdayBenefits: every grant is guarded per member and month;
 * - dashboardFailures has no consumer (it describes stream batches for dashboardRebuild), so its
 *   messages are never dead-lettered.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { pascal, stackName } from '../infra/names';

export interface DeadLetterQueue {
  queue: string;
  sourceUrl: string;
  deadLetterUrl: string;
}

export interface DeadLetter {
  messageId: string;
  body: string;
  /** Deliveries it had before it was dead-lettered (and any looks since). */
  receiveCount: number;
  sentAt?: string;
}

export interface ReplayReport {
  /** Sent back to the source queue and deleted from the dead-letter queue. */
  replayed: DeadLetter[];
  /** Sent back, but its delete failed: it stays and may be replayed again (harmless, see above). */
  notDeleted: string[];
  dryRun: boolean;
}

/** Locally (fauxqs): `<queue>` and `<queue>-dlq`, as local/sqs-local.ts creates them. */
export async function localDeadLetterQueue(sqs: SQSClient, queue: string): Promise<DeadLetterQueue> {
  const url = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
  return { queue, sourceUrl: await url(queue), deadLetterUrl: await url(`${queue}-dlq`) };
}

/**
 * On AWS: the Data stack's `<Queue>DeadLetterQueue` (CloudFormation names it
 * `<stack>-<logical id>-<suffix>`), and the queue that sends to it, as SQS itself knows.
 */
export async function awsDeadLetterQueue(sqs: SQSClient, stage: string, queue: string, prefix = 'UnionBenefits'): Promise<DeadLetterQueue> {
  const namePrefix = `${stackName(prefix, stage, 'Data')}-${pascal(queue)}DeadLetterQueue`;
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: namePrefix }));
  if (QueueUrls.length !== 1) throw new Error(`expected one queue named ${namePrefix}…, found ${QueueUrls.length}`);
  const deadLetterUrl = QueueUrls[0]!;
  const { queueUrls: sources = [] } = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: deadLetterUrl }));
  if (sources.length !== 1) throw new Error(`${deadLetterUrl} is the dead-letter queue of ${sources.length} queues, not one`);
  return { queue, sourceUrl: sources[0]!, deadLetterUrl };
}

const toDeadLetter = (message: Message): DeadLetter => ({
  messageId: message.MessageId!,
  body: message.Body ?? '',
  receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
  ...(message.Attributes?.SentTimestamp && { sentAt: new Date(Number(message.Attributes.SentTimestamp)).toISOString() }),
});

async function receive(sqs: SQSClient, queueUrl: string, visibilitySeconds: number): Promise<Message[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: visibilitySeconds,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages;
}

/**
 * What waits in the dead-letter queue (up to `max`). SQS can only show a message by receiving it,
 * so each is hidden while the list is read and made visible again at once afterwards.
 */
export async function listDeadLetters(sqs: SQSClient, dlq: DeadLetterQueue, max = 1_000): Promise<DeadLetter[]> {
  const seen = new Map<string, Message>();
  for (;;) {
    const messages = (await receive(sqs, dlq.deadLetterUrl, 60)).filter((m) => !seen.has(m.MessageId!));
    if (messages.length === 0 || seen.size >= max) break;
    for (const message of messages) seen.set(message.MessageId!, message);
  }
  const shown = [...seen.values()];
  for (let i = 0; i < shown.length; i += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: dlq.deadLetterUrl,
        Entries: shown.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
      }),
    );
  }
  return shown.slice(0, max).map(toDeadLetter);
}

/**
 * Moves every dead-lettered message back to its source queue: each is sent (same body and
 * attributes) and deleted from the dead-letter queue only after the send succeeded, so a failure
 * midway loses nothing. With `dryRun`, only lists what would be replayed.
 */
export async function replayDeadLetters(sqs: SQSClient, dlq: DeadLetterQueue, options: { dryRun?: boolean; max?: number } = {}): Promise<ReplayReport> {
  const max = options.max ?? 10_000;
  if (options.dryRun) return { replayed: await listDeadLetters(sqs, dlq, max), notDeleted: [], dryRun: true };
  const report: ReplayReport = { replayed: [], notDeleted: [], dryRun: false };
  const sent = new Set<string>();
  while (report.replayed.length < max) {
    // Hidden long enough to send and delete; one that comes back (its delete failed) is not sent twice by this run.
    const messages = await receive(sqs, dlq.deadLetterUrl, 120);
    if (messages.length === 0 || messages.every((m) => sent.has(m.MessageId!))) break;
    for (const message of messages) {
      if (!sent.has(message.MessageId!)) {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: dlq.sourceUrl,
            MessageBody: message.Body ?? '',
            ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0 && { MessageAttributes: message.MessageAttributes }),
          }),
        );
        sent.add(message.MessageId!);
        report.replayed.push(toDeadLetter(message));
      }
      try {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: dlq.deadLetterUrl, ReceiptHandle: message.ReceiptHandle! }));
      } catch {
        report.notDeleted.push(message.MessageId!);
      }
    }
  }
  return report;
}
