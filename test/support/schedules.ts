/**
 * Runs one of the manifest's schedules now on the test runtime, through the control endpoint
 * `npm run schedule` uses: tests move the clock's jobs themselves instead of waiting for the minute.
 */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { controlFileOf, type ControlFile } from '../../local/scheduler';

export async function runSchedule(name: string, at?: Date): Promise<unknown> {
  const control = JSON.parse(readFileSync(controlFileOf(inject('runtimeDataDir')), 'utf8')) as ControlFile;
  const response = await fetch(`${control.url}/schedules/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(at ? { at: at.toISOString() } : {}),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`schedule ${name}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Asks `probe` until it answers something truthy, for at most `ms` (work the runtime's queue consumers do). */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
