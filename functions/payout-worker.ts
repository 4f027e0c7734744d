/**
 * Consumer of the payoutBatches queue: submits each batch to the provider under its own number,
 * retrying a timeout or a lost answer while the invocation has time. Out of time, it throws, so
 * SQS delivers the same number again after the queue's visibility timeout (partial batch responses).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { submitBatch } from '../shared/payouts/payout-pipeline';
import { paymentProvider } from '../shared/adapters/payment-provider';
import { payoutStore } from '../shared/adapters/payout-store';

const Message = z.object({ batchNo: z.string().check(z.minLength(1)) });
const processor = new BatchProcessor(EventType.SQS);

export const handler = (event: SQSEvent, context: Context) =>
  processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const { batchNo } = Message.parse(JSON.parse(record.body));
      await submitBatch({ payouts: payoutStore, provider: paymentProvider }, batchNo, { timeLeftMs: () => context.getRemainingTimeInMillis() });
    },
    processor,
    { context },
  );
