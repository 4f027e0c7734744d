/** Starts the whole local runtime once for the end-to-end tier (see test/support/runtime-setup.ts). */
import type { TestProject } from 'vitest/node';
import { provideRuntime } from '../support/runtime-setup';

export default function setup(project: TestProject) {
  return provideRuntime(project, 'e2e', { everyRoute: true });
}
