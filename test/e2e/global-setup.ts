/**
 * Starts the whole local runtime once for the end-to-end tier: in-memory DynamoDB Local, fauxqs,
 * the gateway on a free port, the demo seeded. Function logs go to a file the tests can read.
 */
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startRuntime } from '../../local/runtime';
import '../support/provided';

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'union-benefits-e2e-'));
  const logFile = path.join(dataDir, 'runtime.log');
  const output = createWriteStream(logFile);
  const runtime = await startRuntime({
    port: 0,
    dataDir,
    inMemory: true,
    functionOutput: output,
    log: (line) => output.write(`${line}\n`),
  });
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
