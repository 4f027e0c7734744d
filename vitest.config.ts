import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Where the reliability tests tally for the report printed at the end of the run (one file per
// run; the workers inherit the variable).
process.env.RELIABILITY_RESULTS ??= path.join(mkdtempSync(path.join(tmpdir(), 'union-benefits-reliability-')), 'results.jsonl');

const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** Files (paths from the repository root) that run after every other file of their project. */
const RUN_LAST = ['test/reliability/pii-scan.test.ts'];

/**
 * vitest's own order (failed first, then longest first), except that RUN_LAST files go after every
 * other: the PII scan must see what all the other e2e files stored and logged, and the e2e project
 * runs its files one at a time (fileParallelism: false) in this order.
 */
class LastFilesSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const runsLast = (spec: TestSpecification) => RUN_LAST.some((file) => spec.moduleId.replaceAll('\\', '/').endsWith(`/${file}`));
    const sorted = await super.sort(files);
    return [...sorted.filter((spec) => !runsLast(spec)), ...sorted.filter(runsLast)];
  }
}

// Six tiers: rules with fakes, the synthesised template, storage against the real emulators, HTTP
// against the whole local runtime (started once, its files one after another), the local
// runtime's own behaviour under load, faults and restarts (each file starts and stops runtimes of
// its own, and times throttles and timeouts), and `npm start` as a process (start, stop, its data
// folder; generous waits, no timings). The PII scan runs after
// every other file of the HTTP tier. On the 2-core machines vitest runs one file at a time (its
// default is a worker per core less one), and files of projects without file parallelism after
// all the others, in one queue; one vitest cannot run the HTTP tier's files in order beside the
// other tiers' (a group has one worker count). So `npm test` (scripts/test.ts) runs two vitest
// processes side by side, the HTTP tier and the others but the runtime tier, then the runtime
// tier alone. Measured on one 2-core machine, each on a fresh clone: 554 s for the whole `npm test` in one queue, 459 s in lanes.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/reliability-reporter.ts'],
    sequence: { sequencer: LastFilesSequencer },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env } },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts', 'test/reliability/secrets.test.ts'], env, testTimeout: 120_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          env,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/reliability/fuzz.test.ts', 'test/reliability/pii-scan.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          env,
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      { test: { name: 'runtime', include: ['test/runtime/**/*.test.ts'], env, testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
      { test: { name: 'start', include: ['test/start/**/*.test.ts'], env, testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
