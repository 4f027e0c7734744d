/**
 * One home for what a tier's global set-up does: the console built when its sources changed
 * (console/dist is what the gateway serves at /console/, and a clean clone has none), the whole
 * local runtime started once (in-memory
 * DynamoDB Local, fauxqs, the gateway on a free port, the demo seeded), its function logs in a file
 * the tests can read, and the values test/support/api.ts and the others read with `inject`.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { consoleIsStale } from '../../console/scripts/fingerprint';
import { projectRoot, startRuntime } from '../../local/runtime';
import './provided';

/** Starts the runtime for `project` and returns the teardown vitest calls when the tier ends. */
export async function provideRuntime(project: TestProject, tier: string) {
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
    await runtime.stop();
    output.end();
  };
}
