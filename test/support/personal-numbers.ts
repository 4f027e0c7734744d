/**
 * Every phone and ID-card number the tests make up, written down where the PII scan
 * (test/reliability/pii-scan.test.ts) finds them: one JSON line per number in the shared runtime's
 * data directory, appended by whichever test file (each in its own worker) made it. Outside a tier
 * with a runtime (unit tests, a runtime test's own runtimes) nothing is provided and nothing written.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { inject } from 'vitest';

export type PersonalNumberKind = 'phone' | 'id-number';

export interface PersonalNumber {
  kind: PersonalNumberKind;
  value: string;
}

const fileIn = (dataDir: string) => path.join(dataDir, 'personal-numbers.jsonl');

function sharedDataDir(): string | undefined {
  try {
    return inject('runtimeDataDir');
  } catch {
    return undefined; // not inside a vitest worker (a script reusing the helper)
  }
}

/** Notes a number a test is about to send, and answers it. */
export function noted(kind: PersonalNumberKind, value: string): string {
  const dataDir = sharedDataDir();
  // One line per append: appends from several workers never interleave inside a line.
  if (dataDir) appendFileSync(fileIn(dataDir), `${JSON.stringify({ kind, value } satisfies PersonalNumber)}\n`);
  return value;
}

/** Every number noted in `dataDir` so far. */
export function notedNumbers(dataDir: string): PersonalNumber[] {
  const file = fileIn(dataDir);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PersonalNumber);
}
