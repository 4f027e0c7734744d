/**
 * One home for what a tier's global set-up does: the console built when its sources changed
 * (console/dist is what the gateway serves at /console/, and a clean clone has none), the whole
 * local runtime started once (in-memory
 * DynamoDB Local, fauxqs, the gateway on a free port, the demo seeded), its function logs in a file
 * the tests can read, and the values test/support/api.ts and the others read with `inject`. When
 * the e2e tier ran whole, its teardown checks that every HTTP route answered it at least once.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { consoleIsStale } from '../../console/scripts/fingerprint';
import { projectRoot, startRuntime } from '../../local/runtime';
import { functions } from '../../shared/manifest';
import type { System } from '../../shared/system';
import { recordChecks } from './reliability';
import './provided';

/** Starts the runtime for `project` and returns the teardown vitest calls when the tier ends. */
export async function provideRuntime(project: TestProject, tier: string, options: { everyRoute?: boolean } = {}) {
  if (consoleIsStale()) {
    execFileSync(process.execPath, [...process.execArgv, path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(projectRoot, 'console/scripts/build.ts'), '--no-check'], {
      stdio: 'inherit',
      cwd: projectRoot,
    });
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `union-benefits-${tier}-`));
  const logFile = path.join(dataDir, 'runtime.log');
  const output = createWriteStream(logFile);
  const runtime = await startRuntime({ port: 0, dataDir, inMemory: true, functionOutput: output, log: (line) => output.write(`${line}\n`) });
  project.provide('apiUrl', runtime.url);
  project.provide('runtimeDataDir', dataDir);
  project.provide('runtimeLogFile', logFile);
  project.provide('dynamodbEndpoint', runtime.dynamodbEndpoint);
  project.provide('sqsEndpoint', runtime.sqsEndpoint);
  project.provide('beaconUrl', `${runtime.beacon.url}/${runtime.beacon.chain.chainHash}`);
  return async () => {
    const answers = runtime.routeAnswers();
    await runtime.stop();
    output.end();
    if (options.everyRoute && (await ranEveryFile(project))) everyRouteAnswered(answers);
  };
}

/** Whether this run took every test file of the project (not a file or a name picked by hand). */
async function ranEveryFile(project: TestProject): Promise<boolean> {
  const ran = new Set(project.vitest.state.getFiles().filter((file) => file.result?.state !== 'skip' && file.mode !== 'skip').map((file) => file.filepath));
  const { testFiles } = await project.globTestFiles();
  return testFiles.every((file) => ran.has(file)) && !project.vitest.config.testNamePattern;
}

/**
 * Every HTTP route of the manifest answered at least one call of the tier, and at least one with
 * a success (2xx or 304): a route nobody calls may be broken for everyone, and one only ever
 * refused has never been seen working. Tallied for the reliability table, and thrown, so the run fails.
 */
function everyRouteAnswered(answers: Record<string, Record<number, number>>) {
  const routes = Object.entries(functions as System['functions']).flatMap(([name, spec]) => (spec.trigger.kind === 'http' ? [{ name, key: `${spec.trigger.method} ${spec.trigger.path}` }] : []));
  const succeeded = (name: string) => Object.keys(answers[name] ?? {}).some((status) => Number(status) < 400);
  const missing = routes.filter((route) => !succeeded(route.name));
  recordChecks('every HTTP route answered a success in the e2e tier', routes.length, missing.length);
  if (missing.length > 0) {
    const said = missing.map((route) => `${route.key} (${route.name}: ${JSON.stringify(answers[route.name] ?? {})})`);
    throw new Error(`routes no e2e test saw succeed:\n  ${said.join('\n  ')}`);
  }
}
