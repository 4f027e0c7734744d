/**
 * The browser tier's runtime: builds the console when its sources changed (console/dist is what
 * the gateway serves at /console/), then starts the whole local runtime as the end-to-end tier
 * does, providing the same values so test/support/api.ts works here too.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { consoleIsStale } from '../../console/scripts/fingerprint';
import { projectRoot } from '../../local/runtime';
import { provideRuntime } from '../support/runtime-setup';

export default function setup(project: TestProject) {
  if (consoleIsStale()) {
    execFileSync(process.execPath, [...process.execArgv, path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(projectRoot, 'console/scripts/build.ts'), '--no-check'], {
      stdio: 'inherit',
      cwd: projectRoot,
    });
  }
  return provideRuntime(project, 'browser');
}
