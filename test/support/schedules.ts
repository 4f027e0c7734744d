/**
 * Runs one of the manifest's schedules now on the test runtime, through the control endpoint
 * `npm run schedule` uses: tests move the clock's jobs themselves instead of waiting for the minute.
 */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { controlFileOf, type ControlFile } from '../../local/scheduler';

const controlFile = () => JSON.parse(readFileSync(controlFileOf(inject('runtimeDataDir')), 'utf8')) as ControlFile;

export async function runSchedule(name: string, at?: Date): Promise<unknown> {
  const control = controlFile();
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

/**
 * Moves the runtime's local clock (the local beacon's) forward to `at`: beacon rounds up to then are
 * published. Answers the clock's time (later than `at` when it was already ahead; it never goes back).
 */
export async function advanceClock(at: Date | string): Promise<Date> {
  const control = controlFile();
  const response = await fetch(`${control.url}/clock`, {
    method: 'POST',
    headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ at: new Date(at).toISOString() }),
  });
  const answer = (await response.json()) as { now: string };
  if (!response.ok) throw new Error(`clock: ${response.status} ${JSON.stringify(answer)}`);
  return new Date(answer.now);
}

/** Lets the beacon round a commitment named arrive (the local clock moves to its time). */
export const beaconRoundArrives = (promise: { roundAt: string }) => advanceClock(promise.roundAt);

async function control<T>(route: string, body: unknown): Promise<T> {
  const file = controlFile();
  const response = await fetch(`${file.url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${file.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`${route}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Waits until every DynamoDB stream has been read to its end and its batches handled (the dashboard has caught up). */
export const drainStreams = (timeoutMs = 60_000) => control<{ batches: number }>('/streams/drain', { timeoutMs });

/** Hands the stream functions their last `count` batches again, as the event source does after a lost answer. */
export const redeliverStreamBatches = (count: number, functionName?: string) => control<{ batches: number; records: number }>('/streams/redeliver', { count, functionName });

/** The local payment provider ends the next item it settles for `recipient` (a member's user id) FAIL, with `reason`. */
export const failNextPayment = (recipient: string, reason?: string) => control<{ recipient: string }>('/payments/fail-next', { recipient, reason });
