/**
 * The SQS client, one per container, for functions that send to a queue (SQS_ENDPOINT: fauxqs locally).
 * FAULTS (local fault tests only; see ./faults.ts) makes a share of the sends throttle, time out or fail.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { optionalUrl } from '../config';
import { withFaults } from './faults';

export const sqs = withFaults(new SQSClient({ endpoint: optionalUrl('SQS_ENDPOINT') }), 'sqs');

/** Sends one JSON message to a queue by its URL. */
export async function sendJson(queueUrl: string, message: unknown): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
}
