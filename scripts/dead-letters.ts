/**
 * `npm run dlq -- list <queue>` / `npm run dlq -- replay <queue> [--dry-run]`
 *
 * Lists the messages waiting in a queue's dead-letter queue, or moves them back to the queue
 * (each deleted from the dead-letter queue only once it is sent; safe because every consumer is
 * idempotent: scripts/dead-letter-queue.ts says why). Fix what made them fail before replaying.
 *
 * Where: `--stage <stage>` on AWS (credentials and region from the environment, as the AWS CLI's;
 * the queues found by the Data stack's names), else the local runtime `npm start` is running on
 * DATA_DIR (default .data/), or `--endpoint <fauxqs URL>`.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localCredentials, localRegion } from '../local/dynamodb-local';
import { controlFileOf, type ControlFile } from '../local/scheduler';
import { queues } from '../shared/resources';
import { awsDeadLetterQueue, listDeadLetters, localDeadLetterQueue, replayDeadLetters } from './dead-letter-queue';

const usage = `Usage: npm run dlq -- list <queue> | replay <queue> [--dry-run]  [--stage <stage> | --endpoint <url>]
Queues: ${Object.keys(queues).join(', ')}`;
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let parsed: ReturnType<typeof parse>;
const parse = () =>
  parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, stage: { type: 'string' }, endpoint: { type: 'string' } }, allowPositionals: true, strict: true });
try {
  parsed = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
const [action, queue] = parsed.positionals;
if ((action !== 'list' && action !== 'replay') || !queue || parsed.positionals.length > 2) fail(usage, 2);
if (!(queue in queues)) fail(`No queue "${queue}".\n${usage}`, 2);

let sqs: SQSClient;
if (parsed.values.stage) {
  sqs = new SQSClient({});
} else {
  let endpoint = parsed.values.endpoint;
  if (!endpoint) {
    const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(projectRoot, '.data'));
    try {
      endpoint = (JSON.parse(readFileSync(controlFileOf(dataDir), 'utf8')) as ControlFile).sqsEndpoint;
    } catch {
      // no runtime there
    }
    if (!endpoint) fail(`No local runtime is running on ${dataDir}: start one with npm start, or give --stage or --endpoint.`);
  }
  sqs = new SQSClient({ endpoint, region: localRegion, credentials: localCredentials });
}

try {
  const dlq = parsed.values.stage ? await awsDeadLetterQueue(sqs, parsed.values.stage, queue) : await localDeadLetterQueue(sqs, queue);
  if (action === 'list') {
    const letters = await listDeadLetters(sqs, dlq);
    for (const letter of letters) console.log(JSON.stringify(letter));
    console.error(`${letters.length} dead-lettered message(s) in ${dlq.deadLetterUrl}`);
  } else {
    const report = await replayDeadLetters(sqs, dlq, { dryRun: parsed.values['dry-run'] });
    for (const letter of report.replayed) console.log(JSON.stringify(letter));
    const verb = report.dryRun ? 'would be replayed' : 'replayed';
    console.error(`${report.replayed.length} message(s) ${verb} to ${dlq.sourceUrl}`);
    if (report.notDeleted.length > 0) console.error(`${report.notDeleted.length} sent but still in the dead-letter queue (replaying them again is harmless): ${report.notDeleted.join(', ')}`);
  }
} catch (error) {
  fail(`${action} ${queue}: ${(error as Error).message}`);
} finally {
  sqs.destroy();
}
