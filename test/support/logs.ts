/**
 * Reads the local runtime's log file in e2e tests: a request's own lines, waited for by its API
 * request id (the log reaches the file a moment after the answer), never after a fixed sleep.
 */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';

/** The whole runtime log as it is now. */
export const runtimeLog = () => readFileSync(inject('runtimeLogFile'), 'utf8');

/** The function's JSON log lines of one API request, once they have reached the log file (≤ 5 s). */
export async function linesOfRequest(requestId: string): Promise<Record<string, unknown>[]> {
  for (let waited = 0; waited < 5_000; waited += 50) {
    const lines = runtimeLog()
      .split('\n')
      .filter((line) => line.includes(requestId))
      .flatMap((line) => {
        try {
          return [JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>];
        } catch {
          return [];
        }
      })
      .filter((line) => line.requestId === requestId);
    if (lines.length > 0) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no log line of request ${requestId} reached the log file`);
}
