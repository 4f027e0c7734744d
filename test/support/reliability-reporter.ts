/**
 * The reliability report, printed at the end of every vitest run that tallied something (the
 * README's `npm test`, so CI, and `npm run test:reliability`): what the reliability tests
 * exercised, and each invariant with its count of violations, ending with
 * `reliability: N checks, M violations`. The tests tally into the file named by
 * RELIABILITY_RESULTS (test/support/reliability.ts; vitest.config.ts names one per run). A
 * violation, or a failed test, fails the run. Under `npm test` (scripts/test.ts) several vitest
 * runs share one file and RELIABILITY_DEFERRED is set: each run adds its test counts to the file
 * and the script prints the one table when the last run ends.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import type { Tally } from './reliability';

/** The table, from the tallies and the run's tests; `violations` is the sum over the invariants. */
export function reliabilityTable(tallies: Tally[], tests: { total: number; failed: number }): { lines: string[]; checks: number; violations: number } {
  const rows = new Map<string, Tally>();
  for (const tally of tallies) {
    const row = rows.get(tally.invariant) ?? { invariant: tally.invariant, checks: 0, violations: 0, measure: tally.measure };
    row.checks += tally.checks;
    row.violations += tally.violations;
    rows.set(tally.invariant, row);
  }
  // Whatever no tally covers (a test that threw before counting) still shows: every test must pass.
  rows.set('tests pass', { invariant: 'tests pass', checks: tests.total, violations: tests.failed });
  const measures = [...rows.values()].filter((row) => row.measure);
  const invariants = [...rows.values()].filter((row) => !row.measure);
  const width = Math.max(...[...rows.keys()].map((name) => name.length), 'invariant'.length);
  const line = (name: string, checks: string, violations: string) => `${name.padEnd(width)}  ${checks.padStart(8)}  ${violations.padStart(10)}`.trimEnd();
  const checks = invariants.reduce((sum, row) => sum + row.checks, 0);
  const violations = invariants.reduce((sum, row) => sum + row.violations, 0);
  const lines = [
    'Reliability report',
    line('exercised', 'count', ''),
    ...measures.map((row) => line(row.invariant, String(row.checks), '')),
    '',
    line('invariant', 'checks', 'violations'),
    ...invariants.map((row) => line(row.invariant, String(row.checks), String(row.violations))),
    `reliability: ${checks} checks, ${violations} violations`,
  ];
  return { lines, checks, violations };
}

export default class ReliabilityReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const file = process.env.RELIABILITY_RESULTS;
    const tests = testModules.flatMap((module) => [...module.children.allTests()]);
    const failed = tests.filter((test) => test.result().state === 'failed').length;
    if (file && process.env.RELIABILITY_DEFERRED) {
      appendFileSync(file, `${JSON.stringify({ tests: { total: tests.length, failed } })}\n`);
      return;
    }
    if (!file || !existsSync(file)) return; // nothing tallied: no reliability test ran
    const tallies = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Tally);
    const { lines, violations } = reliabilityTable(tallies, { total: tests.length, failed });
    console.log(`\n${lines.join('\n')}\n`);
    if (violations > 0) process.exitCode = 1;
  }
}
