/**
 * A queue consumer for work that may outlast one invocation (re-pathing a moved subtree, a month's
 * birthday grants, telling everyone on an activity): each message is parsed and worked on until a
 * deadline that leaves time to queue the continuation before Lambda stops the function. Partial
 * batch responses, so one failed message is retried alone (the work itself must be idempotent).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

export function continuingWorker<T>(message: { parse(input: unknown): T }, work: (message: T, deadline: number) => Promise<void>, options: { safetyMs: number }) {
  const processor = new BatchProcessor(EventType.SQS);
  return (event: SQSEvent, context: Context) =>
    processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const parsed = message.parse(JSON.parse(record.body));
        const deadline = Date.now() + Math.max(1_000, context.getRemainingTimeInMillis() - options.safetyMs);
        await work(parsed, deadline);
      },
      processor,
      { context },
    );
}
