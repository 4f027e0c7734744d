/**
 * fauxqs (an SQS and S3 emulator) in this process, with the system's queues created through the
 * SQS API from shared/resources.ts, and its buckets: each queue with its dead-letter queue and
 * receive count, as the CDK stack creates them.
 *
 * With a data directory, fauxqs keeps queues, messages (in flight or not, with their receive
 * counts) and S3 objects in SQLite there, so a restart loses nothing; without one, all of it is in
 * memory. On a restart the queues and buckets already exist: creating them again keeps them and
 * their contents, and a queue whose definition changed since gets the new attributes, as a CDK
 * deploy would give it.
 *
 * Requests reach fauxqs through a front (`./s3-signatures.ts`) that checks presigned S3 URLs as S3
 * does, so an upload of another type or size than the one signed is refused here as on AWS. The
 * endpoint and the queue URLs name the front's port (SQS_PORT when set).
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import type { QueueDefinition } from '../shared/resources';
import { localCredentials, localRegion } from './dynamodb-local';
import { ensurePortFree } from './processes';
import { startSignatureFront } from './s3-signatures';

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
  options: { port?: number; buckets?: string[]; dataDir?: string } = {},
): Promise<SqsLocal> {
  if (options.port) await ensurePortFree(options.port, 'fauxqs (SQS)', 'SQS_PORT');
  const server = await startFauxqs({ port: 0, logger: false, defaultRegion: localRegion, dataDir: options.dataDir });
  const front = await startSignatureFront(server, options.port ?? 0, localCredentials).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const endpoint = `http://127.0.0.1:${front.port}`;
  const client = new SQSClient({ endpoint, region: localRegion, credentials: localCredentials });
  const stop = async () => {
    client.destroy();
    await front.stop();
    await server.stop();
  };

  try {
    // fauxqs also emulates S3: the system's buckets live here too (an existing bucket is kept as it is).
    for (const bucket of options.buckets ?? []) server.createBucket(localBucketName(bucket));

    // A queue created before a restart keeps the URL it was created with, naming the port of that
    // run. fauxqs finds a queue by its region and name, whatever the host, so those URLs still
    // work; the runtime hands out URLs naming this run's port all the same.
    const currentUrl = (queueUrl: string) => {
      const url = new URL(queueUrl);
      url.port = String(front.port);
      return url.toString();
    };
    const ensureQueue = async (name: string, attributes: Record<string, string>) => {
      try {
        return (await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
      } catch (error) {
        // fauxqs names it AWS.SimpleQueueService.QueueNameExists, SQS QueueNameExists.
        if (!/QueueNameExists$/.test((error as Error).name)) throw error;
        // Kept from an earlier run with other attributes: the definition wins, as on a deploy.
        const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
        await client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
        return QueueUrl!;
      }
    };

    const queueUrls: Record<string, string> = {};
    const deadLetterUrls: Record<string, string> = {};
    for (const [name, definition] of Object.entries(queues)) {
      const dlqUrl = await ensureQueue(`${name}-dlq`, { MessageRetentionPeriod: String(14 * 86400) });
      const dlqArn = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
      const queueUrl = await ensureQueue(name, {
        VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(definition.retentionDays * 86400),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn.Attributes?.QueueArn,
          maxReceiveCount: definition.maxReceiveCount,
        }),
      });
      queueUrls[name] = currentUrl(queueUrl);
      deadLetterUrls[name] = currentUrl(dlqUrl);
    }
    return { endpoint, client, queueUrls, deadLetterUrls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
