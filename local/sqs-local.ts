/**
 * fauxqs (an SQS and S3 emulator) in this process, with the system's queues created through the
 * SQS API from shared/resources.ts, and its buckets: each with its dead-letter queue and receive count, as the
 * CDK stack creates them. fauxqs keeps messages in memory: a restart empties the queues.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import type { QueueDefinition } from '../shared/resources';
import { localCredentials, localRegion } from './dynamodb-local';
import { ensurePortFree } from './processes';

/** S3 bucket names are lower-case: memberDocuments → member-documents. */
export const localBucketName = (bucket: string) => bucket.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export interface SqsLocal {
  endpoint: string;
  client: SQSClient;
  queueUrls: Record<string, string>;
  deadLetterUrls: Record<string, string>;
  stop(): Promise<void>;
}

export async function startSqsLocal(
  queues: Record<string, QueueDefinition>,
  options: { port?: number; buckets?: string[] } = {},
): Promise<SqsLocal> {
  if (options.port) await ensurePortFree(options.port, 'fauxqs (SQS)', 'SQS_PORT');
  const server = await startFauxqs({ port: options.port ?? 0, logger: false, defaultRegion: localRegion });
  const endpoint = server.address;
  const client = new SQSClient({ endpoint, region: localRegion, credentials: localCredentials });
  // fauxqs also emulates S3: the system's buckets live here too.
  for (const bucket of options.buckets ?? []) server.createBucket(localBucketName(bucket));
  const queueUrls: Record<string, string> = {};
  const deadLetterUrls: Record<string, string> = {};
  for (const [name, definition] of Object.entries(queues)) {
    const dlq = await client.send(
      new CreateQueueCommand({ QueueName: `${name}-dlq`, Attributes: { MessageRetentionPeriod: String(14 * 86400) } }),
    );
    const dlqArn = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(definition.retentionDays * 86400),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqArn.Attributes?.QueueArn,
            maxReceiveCount: definition.maxReceiveCount,
          }),
        },
      }),
    );
    queueUrls[name] = queue.QueueUrl!;
    deadLetterUrls[name] = dlq.QueueUrl!;
  }
  return {
    endpoint,
    client,
    queueUrls,
    deadLetterUrls,
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}
