/**
 * `npm run bench:coldstart [-- --runs 5]`
 *
 * What every function costs at a cold start: each is bundled as CDK bundles it (bench/bundles.ts),
 * then imported in fresh Node processes (the Lambdas' Node) with the environment its manifest
 * entry gives it; the median import time of several runs counts. In the same run, the floor: a
 * handler holding only the DynamoDB document client and one GetItem. A function whose bundle is
 * over twice the floor's bytes is a violation: it carries something it should not.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { system } from '../shared/manifest';
import { environmentOf } from '../shared/wiring';
import { drandQuicknet } from '../infra/stages';
import { buildBundles } from './bundles';
import { writeResult } from './report';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => process.stderr.write(`${line}\n`);

// Names and endpoints only: nothing is called at import, so nothing needs to run.
const fakeResources = {
  tableName: (table: string) => `bench-${table}`,
  queueUrl: (queue: string) => `http://127.0.0.1:9/000000000000/${queue}`,
  bucketName: (bucket: string) => `bench-${bucket}`,
  secret: (name: string): [string, string] => [system.secrets[name as keyof typeof system.secrets]!.localValueEnvVar, 'x'.repeat(64)],
};
const baseEnvironment = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'ap-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
  SQS_ENDPOINT: 'http://127.0.0.1:9',
  S3_ENDPOINT: 'http://127.0.0.1:9',
};
const settings = {
  paymentProviderUrl: 'http://127.0.0.1:9',
  payoutDailyBudgetFen: '100',
  beaconUrl: 'http://127.0.0.1:9',
  beaconChainHash: drandQuicknet.chainHash,
  beaconPublicKey: drandQuicknet.publicKey,
  beaconGenesisTime: String(drandQuicknet.genesisTime),
  beaconPeriodSeconds: String(drandQuicknet.periodSeconds),
};

/** Median milliseconds to import `file` in a fresh process with `env`. */
function importMs(file: string, env: Record<string, string>): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    times.push(Number(out));
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

const entries = Object.fromEntries(Object.entries(system.functions).map(([name, spec]) => [name, spec.entry]));
log(`Bundling ${Object.keys(entries).length} functions and the floor handler as CDK does…`);
const bundles = await buildBundles(projectRoot, { ...entries, floor: 'bench/floor/get-item-handler.ts' }, path.join(projectRoot, '.local', 'coldstart'));

const floor = bundles.floor!;
const floorImportMs = importMs(floor.file, { ...baseEnvironment, TABLE_NAME: 'bench' });
const figures: Record<string, { bundleBytes: number; importMs: number }> = {};
for (const [name, spec] of Object.entries(system.functions)) {
  const env = { ...baseEnvironment, ...environmentOf(spec, system, fakeResources, { stage: 'bench', corsOrigins: '*', settings }) };
  figures[name] = { bundleBytes: bundles[name]!.bytes, importMs: importMs(bundles[name]!.file, env) };
  log(`  ${name.padEnd(28)} ${(figures[name].bundleBytes / 1024).toFixed(0).padStart(6)} KB ${figures[name].importMs.toFixed(1).padStart(7)} ms`);
}

const sorted = Object.entries(figures).sort(([, a], [, b]) => b.bundleBytes - a.bundleBytes);
const slowest = Object.entries(figures).reduce((a, b) => (b[1].importMs > a[1].importMs ? b : a));
const overTwice = sorted.filter(([, f]) => f.bundleBytes > 2 * floor.bytes);
const ratio = Math.round((floorImportMs / slowest[1].importMs) * 1000) / 1000;

console.log(`\nCold start: ${sorted.length} functions, median of ${runs} fresh imports each (Node ${process.versions.node})`);
console.log(`${'function'.padEnd(28)} ${'bundle KB'.padStart(10)} ${'import ms'.padStart(10)}`);
for (const [name, f] of sorted) console.log(`${name.padEnd(28)} ${(f.bundleBytes / 1024).toFixed(0).padStart(10)} ${f.importMs.toFixed(1).padStart(10)}`);
console.log(`${'floor (client + GetItem)'.padEnd(28)} ${(floor.bytes / 1024).toFixed(0).padStart(10)} ${floorImportMs.toFixed(1).padStart(10)}`);
console.log(`\nslowest: ${slowest[0]} ${slowest[1].importMs} ms; ratio (floor ÷ slowest) ${ratio}; over twice the floor's bytes: ${overTwice.map(([n]) => n).join(', ') || 'none'}`);

const file = writeResult({
  name: 'coldstart',
  figures: { node: process.versions.node, runs, functions: figures, slowest: { name: slowest[0], ...slowest[1] } },
  ceiling: { floorBundleBytes: floor.bytes, floorImportMs },
  ratio,
  violations: { functionsOverTwiceFloorBytes: overTwice.length },
});
console.log(`written: ${path.relative(projectRoot, file)}`);
