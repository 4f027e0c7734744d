/** The SQS client, one per container, for functions that send to a queue (SQS_ENDPOINT: fauxqs locally). */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { optionalUrl } from '../config';

export const sqs = new SQSClient({ endpoint: optionalUrl('SQS_ENDPOINT') });

/** Sends one JSON message to a queue by its URL. */
export async function sendJson(queueUrl: string, message: unknown): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
}
