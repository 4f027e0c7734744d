/**
 * `npm run seed -- --members 100000`: loads a realistic tree and member base into the running
 * local runtime (`npm start` in another terminal), with a progress bar.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { localCredentials, localRegion } from './dynamodb-local';
import { projectRoot } from './runtime';
import { seedMembers } from './seed-data';

const { values } = parseArgs({ options: { members: { type: 'string', default: '100000' } } });
const count = Number(values.members);
if (!Number.isInteger(count) || count < 1 || count > 20_000_000) {
  console.error('Usage: npm run seed -- --members <1..20000000>');
  process.exit(2);
}
const dataDir = process.env.DATA_DIR ?? path.join(projectRoot, '.data');
const stateFile = path.join(dataDir, 'runtime.json');
if (!existsSync(stateFile)) {
  console.error('The local runtime is not running: start it with `npm start` in another terminal first.');
  process.exit(1);
}
const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { dynamodbEndpoint: string };
const secrets = JSON.parse(readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8')) as { piiHashKey: string };
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: state.dynamodbEndpoint, region: localRegion, credentials: localCredentials }),
  { marshallOptions: { removeUndefinedValues: true } },
);

const started = Date.now();
let last = 0;
const bar = (done: number, total: number) => {
  const now = Date.now();
  if (now - last < 200 && done < total) return;
  last = now;
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = Math.round(done / ((now - started) / 1000 || 1));
  process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${((done / total) * 100).toFixed(0).padStart(3)}%  ${done}/${total} items  ${rate}/s `);
};
const plan = await seedMembers(documents, { accounts: 'accounts', organisations: 'organisations' }, { to: count, piiKey: secrets.piiHashKey, onProgress: bar });
process.stderr.write('\n');
console.log(`Seeded ${plan.organisations.length} organisations and ${count} members in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
console.log('Try: TOKEN=$(npm run -s token -- operator); GET /organisations/s-guangzhou/members. Seeded member n signs in as: npm run -s token -- seed-<n>');
