/**
 * The reliability report's tally: each reliability test records, per invariant, how many checks
 * it made and how many failed, in the file RELIABILITY_RESULTS names (vitest.config.ts names one
 * per run); the reliability reporter prints the table from it when the run ends. The tests assert
 * as well: a violation is also a failed test.
 */
import { appendFileSync } from 'node:fs';

export interface Tally {
  /** The invariant or measure, as the report's table names it. */
  invariant: string;
  checks: number;
  violations: number;
  /** A count shown in the table but not an invariant (requests sent, cells called). */
  measure?: boolean;
}

export function recordChecks(invariant: string, checks: number, violations: number, options: { measure?: boolean } = {}): void {
  const file = process.env.RELIABILITY_RESULTS;
  if (!file) return;
  const tally: Tally = { invariant, checks, violations, ...(options.measure && { measure: true }) };
  // One JSON line per record: appends from several test files and workers never interleave a line.
  appendFileSync(file, `${JSON.stringify(tally)}\n`);
}
