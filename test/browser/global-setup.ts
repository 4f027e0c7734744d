/**
 * The browser tier's runtime: builds the console when its sources changed (console/dist is what
 * the gateway serves at /console/), then starts the whole local runtime as the end-to-end tier
 * does, providing the same values so test/support/api.ts works here too.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { consoleIsStale } from '../../console/scripts/fingerprint';
import { projectRoot, startRuntime } from '../../local/runtime';
import '../support/provided';

export default async function setup(project: TestProject) {
  if (consoleIsStale()) {
    execFileSync(process.execPath, [...process.execArgv, path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(projectRoot, 'console/scripts/build.ts'), '--no-check'], {
      stdio: 'inherit',
      cwd: projectRoot,
    });
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'union-benefits-browser-'));
  const logFile = path.join(dataDir, 'runtime.log');
  const output = createWriteStream(logFile);
  const runtime = await startRuntime({ port: 0, dataDir, inMemory: true, functionOutput: output, log: (line) => output.write(`${line}\n`) });
  project.provide('apiUrl', runtime.url);
  project.provide('runtimeDataDir', dataDir);
  project.provide('runtimeLogFile', logFile);
  project.provide('dynamodbEndpoint', runtime.dynamodbEndpoint);
  project.provide('beaconUrl', `${runtime.beacon.url}/${runtime.beacon.chain.chainHash}`);
  return async () => {
    await runtime.stop();
    output.end();
  };
}
