/**
 * The browser tier's runtime: the whole local runtime (and the console built when stale), as the
 * end-to-end tier has it, providing the same values so test/support/api.ts works here too.
 */
import type { TestProject } from 'vitest/node';
import { provideRuntime } from '../support/runtime-setup';

export default function setup(project: TestProject) {
  return provideRuntime(project, 'browser');
}
