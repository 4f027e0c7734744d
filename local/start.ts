/**
 * `npm start`: the whole system on this machine until Ctrl-C. PORT, DYNAMODB_PORT, SQS_PORT and
 * LOG_LEVEL change the defaults; data is kept under .data/.
 */
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { routesOf } from './http-gateway';
import { LocalRuntimeError } from './processes';
import { projectRoot, startRuntime } from './runtime';

const started = Date.now();
const env = (name: string) => (process.env[name] !== undefined && process.env[name] !== '' ? Number(process.env[name]) : undefined);

try {
  const runtime = await startRuntime({
    port: env('PORT'),
    dynamodbPort: env('DYNAMODB_PORT'),
    sqsPort: env('SQS_PORT'),
    dataDir: process.env.DATA_DIR,
  });
  const { system } = await import('../shared/manifest');
  // Where `npm run seed` finds the running runtime's emulators.
  const stateFile = path.join(process.env.DATA_DIR ?? path.join(projectRoot, '.data'), 'runtime.json');
  writeFileSync(stateFile, JSON.stringify({ pid: process.pid, url: runtime.url, dynamodbEndpoint: runtime.dynamodbEndpoint, sqsEndpoint: runtime.sqsEndpoint }));
  const upcoming = runtime.scheduler.upcoming();
  console.log(
    [
      '',
      `union-benefits is running locally (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  API            ${runtime.url}   (try: curl ${runtime.url}/health)`,
      `  OpenAPI        ${runtime.url}/openapi.json`,
      `  DynamoDB Local ${runtime.dynamodbEndpoint}   data in ${process.env.DATA_DIR ?? '.data'}/dynamodb`,
      `  SQS (fauxqs)   ${runtime.sqsEndpoint}`,
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
    await runtime.stop();
    rmSync(stateFile, { force: true });
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof LocalRuntimeError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error('Cannot start:', error);
  }
  process.exit(1);
}
