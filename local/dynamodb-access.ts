/**
 * IAM, locally, for DynamoDB: each function signs with its own access key, and a front before
 * DynamoDB Local (its own worker thread, `dynamodb-access-worker.mjs`) refuses what the
 * function's manifest entry does not grant — a write to a table declared 'read', any call to a
 * table not declared — with AccessDeniedException, as the deployed stack's grants would. A
 * missing declaration is found on the first local run, not after a deploy.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { tablesOf, type System } from '../shared/system';
import { functionAccessKey, localCredentials } from './dynamodb-local';

const workerScript = fileURLToPath(new URL('./dynamodb-access-worker.mjs', import.meta.url));

export interface DynamoAccessFront {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startDynamoAccessFront(system: System, target: string, tableName: (table: string) => string): Promise<DynamoAccessFront> {
  const grantsByKey = Object.fromEntries(
    Object.entries(system.functions).map(([name, spec]) => [
      functionAccessKey(name),
      Object.fromEntries(Object.entries(tablesOf(spec)).map(([table, access]) => [tableName(table), access])),
    ]),
  );
  const worker = new Worker(workerScript, { workerData: { target, grantsByKey, trustedKeys: [localCredentials.accessKeyId] } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      const stopped = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}
