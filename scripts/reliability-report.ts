/**
 * `npm run test:reliability`: runs the reliability tests (the fuzz of every route, the secrets and
 * encryption scan, the system under faults) and the route × role authorization matrix, then prints one table — what was
 * exercised, and each invariant with its count of violations. Exits non-zero when any count is
 * not 0 or a test failed. The tests tally into a file named by RELIABILITY_RESULTS
 * (test/support/reliability.ts); one vitest run, so the end-to-end tier's runtime starts once (the
 * fault test starts its own, with faults on). The table must show faults injected, per kind: a
 * run whose fault test injected none has tested nothing under faults and counts as a violation.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Tally } from '../test/support/reliability';

const dir = mkdtempSync(path.join(tmpdir(), 'union-benefits-reliability-'));
const results = path.join(dir, 'results.jsonl');
const vitestReport = path.join(dir, 'vitest.json');

// The fault test starts a runtime of its own (faults on), beside the end-to-end tier's.
const files = ['test/reliability/', 'test/e2e/authorization.test.ts', 'test/runtime/faults.test.ts'];
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--project', 'e2e', '--project', 'infra', '--project', 'runtime', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`, ...files],
  { stdio: 'inherit', env: { ...process.env, RELIABILITY_RESULTS: results } },
);

const rows = new Map<string, Tally>();
for (const line of existsSync(results) ? readFileSync(results, 'utf8').split('\n').filter(Boolean) : []) {
  const tally = JSON.parse(line) as Tally;
  const row = rows.get(tally.invariant) ?? { invariant: tally.invariant, checks: 0, violations: 0, measure: tally.measure };
  row.checks += tally.checks;
  row.violations += tally.violations;
  rows.set(tally.invariant, row);
}
// Whatever no tally covers (a test that threw before counting) still shows: every test must pass.
const tests = existsSync(vitestReport) ? (JSON.parse(readFileSync(vitestReport, 'utf8')) as { numTotalTests: number; numFailedTests: number }) : undefined;
rows.set('tests pass', { invariant: 'tests pass', checks: tests?.numTotalTests ?? 0, violations: tests ? tests.numFailedTests : 1 });
rmSync(dir, { recursive: true, force: true });
const faultKinds = [...rows.values()].filter((row) => row.measure && row.invariant.startsWith('faults injected: '));
rows.set('faults injected (some of each SDK kind)', {
  invariant: 'faults injected (some of each SDK kind)',
  checks: faultKinds.length,
  violations: ['dynamodb.throttle', 'dynamodb.timeout', 'dynamodb.fail'].filter((kind) => !faultKinds.some((row) => row.invariant === `faults injected: ${kind}` && row.checks > 0)).length,
});

const measures = [...rows.values()].filter((row) => row.measure);
const invariants = [...rows.values()].filter((row) => !row.measure);
const width = Math.max(...[...rows.keys()].map((name) => name.length), 'invariant'.length);
const line = (name: string, checks: string, violations: string) => `${name.padEnd(width)}  ${checks.padStart(8)}  ${violations.padStart(10)}`;

console.log('\nReliability report');
console.log(line('exercised', 'count', ''));
for (const row of measures) console.log(line(row.invariant, String(row.checks), ''));
console.log('');
console.log(line('invariant', 'checks', 'violations'));
for (const row of invariants) console.log(line(row.invariant, String(row.checks), String(row.violations)));
const checks = invariants.reduce((sum, row) => sum + row.checks, 0);
const violations = invariants.reduce((sum, row) => sum + row.violations, 0);
console.log(`reliability: ${checks} checks, ${violations} violations`);
process.exit(violations > 0 || run.status !== 0 ? 1 : 0);
