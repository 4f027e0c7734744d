/**
 * `npm start`: the whole system on this machine until Ctrl-C. PORT, DYNAMODB_PORT, SQS_PORT,
 * DATA_DIR and LOG_LEVEL change the defaults. Tables, queues, objects and the payment provider's
 * ledger are kept under DATA_DIR (.data/) across restarts; `npm start -- --fresh` starts clean.
 *
 * It runs only on the Node major the Lambdas run on (infra/node-runtime.ts), which is what
 * `npm start` gives it; that is checked before anything else is loaded.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { nodeMajor, wrongNodeMessage } from '../infra/node-runtime';

const wrongNode = wrongNodeMessage();
if (wrongNode) {
  console.error(`Cannot start: ${wrongNode}`);
  process.exit(1);
}

let fresh: boolean;
try {
  const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false } }, strict: true });
  // `npm start --fresh` (without the `--`) reaches us as npm's config, not as an argument.
  fresh = values.fresh || process.env.npm_config_fresh === 'true';
} catch (error) {
  console.error(`${(error as Error).message}\nUsage: npm start [-- --fresh]   (--fresh: remove the local tables, queues and objects first)`);
  process.exit(2);
}

// fauxqs keeps its state with node:sqlite, which Node 22 calls experimental at every start.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && /SQLite/.test(warning.message)) return;
  console.error(`(node:${process.pid}) ${warning.name}: ${warning.message}`);
});

const { routesOf } = await import('./http-gateway');
const { LocalRuntimeError } = await import('./processes');
const { projectRoot, startRuntime } = await import('./runtime');

const started = Date.now();
// The admin console, rebuilt beside the runtime's start when its sources changed since the last build.
const { consoleIsStale } = await import('../console/scripts/fingerprint');
const consoleBuild = consoleIsStale()
  ? new Promise<string>((resolve) => {
      console.log('Building the admin console (its sources changed)…');
      const child = spawn(process.execPath, [...process.execArgv, path.join(projectRoot, 'console/scripts/build.ts'), '--no-check'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => resolve(code === 0 ? 'built now' : `NOT built (npm run console:build says why):\n${output}`));
    })
  : Promise.resolve('up to date');
const env = (name: string) => (process.env[name] !== undefined && process.env[name] !== '' ? Number(process.env[name]) : undefined);
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(projectRoot, '.data'));
const relative = path.relative(process.cwd(), dataDir);
const shownDataDir = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dataDir;

try {
  const runtime = await startRuntime({
    port: env('PORT'),
    dynamodbPort: env('DYNAMODB_PORT'),
    sqsPort: env('SQS_PORT'),
    dataDir,
    fresh,
  });
  const consoleState = await consoleBuild;
  const { system } = await import('../shared/manifest');
  // Where `npm run seed` finds the running runtime's emulators.
  const stateFile = path.join(dataDir, 'runtime.json');
  writeFileSync(stateFile, JSON.stringify({ pid: process.pid, url: runtime.url, dynamodbEndpoint: runtime.dynamodbEndpoint, sqsEndpoint: runtime.sqsEndpoint }));
  const upcoming = runtime.scheduler.upcoming();
  console.log(
    [
      '',
      `union-benefits is running locally (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  Node           ${process.version}, as the Lambdas (nodejs${nodeMajor}.x)`,
      `  API            ${runtime.url}   (try: curl ${runtime.url}/health)`,
      `  OpenAPI        ${runtime.url}/openapi.json`,
      `  Console        ${runtime.url}/console/   (admins sign in on the local hosted UI; console ${consoleState})`,
      `  DynamoDB Local ${runtime.dynamodbEndpoint}`,
      `  SQS, S3        ${runtime.sqsEndpoint}   (fauxqs)`,
      `  Data           ${shownDataDir}/   tables, queues, objects: kept across restarts (npm start -- --fresh starts clean)`,
      '',
      'Routes:',
      ...routesOf(system).map((r) => `  ${r.routeKey.padEnd(32)} ${r.trigger.access === 'public' ? 'public' : r.trigger.access === 'signed-in' ? 'signed in' : r.trigger.access.roles.join('|')}`),
      ...(Object.keys(upcoming).length ? ['', 'Schedules (Asia/Shanghai):'] : []),
      ...Object.entries(upcoming).map(([name, at]) => `  ${name.padEnd(32)} next at ${at?.toISOString() ?? 'never'}`),
      '',
      'A token for a demo user (operator, gd-admin, gz-admin, sz-admin, alice, bob, merchant, or any new name):',
      '  TOKEN=$(npm run -s token -- alice)',
      `  curl -H "Authorization: Bearer $TOKEN" ${runtime.url}/me`,
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    rmSync(stateFile, { force: true });
    await runtime.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
} catch (error) {
  if (error instanceof LocalRuntimeError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error('Cannot start:', error);
  }
  process.exit(1);
}
