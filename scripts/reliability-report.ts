/**
 * `npm run test:reliability`: the reliability tests alone — the fuzz of every route, the secrets
 * and encryption scan, the system under faults and the route × role authorization matrix — in
 * one vitest run (the end-to-end tier's runtime starts once; the fault test starts its own, with
 * faults on). The table is printed by the reliability reporter (test/support/reliability-reporter.ts),
 * as at the end of `npm test`; the run fails when a count is not 0 or a test failed.
 */
import { spawnSync } from 'node:child_process';

const files = ['test/reliability/', 'test/e2e/authorization.test.ts', 'test/runtime/faults.test.ts'];
const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e', '--project', 'infra', '--project', 'runtime', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
