/**
 * The manifest's schedules on the local clock: each fires at the times EventBridge Scheduler
 * would (same cron, same time zone, expression built by CDK itself) with the same event payload.
 * A throttled run (the function at its concurrency limit) is retried a few times with back-off,
 * as EventBridge Scheduler retries a throttled target; then it is logged and the next tick runs.
 * `startScheduleControl` runs any of them now, by hand (`npm run schedule`), and moves the local
 * clock (the local beacon's) forward.
 */
import { TimeZone } from 'aws-cdk-lib';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import * as path from 'node:path';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ScheduledEvent, ScheduleTrigger, System } from '../shared/system';
import { nextFireTime, parseCron } from './cron';
import { isThrottle } from './function-host';

/** Retries of a throttled scheduled run, after 1, 2 and 4 seconds. */
const THROTTLE_RETRIES = 3;

/** The expression the deployed schedule gets, e.g. "cron(0 10 * * ? *)". */
export function cronExpressionOf(trigger: ScheduleTrigger): string {
  return ScheduleExpression.cron({ ...trigger.cron, timeZone: TimeZone.ASIA_SHANGHAI }).expressionString;
}

export function scheduledEvent(name: string, trigger: ScheduleTrigger, scheduledTime: Date): ScheduledEvent {
  return { scheduleName: name, scheduledTime: scheduledTime.toISOString(), ...trigger.input };
}

export interface LocalScheduler {
  /** Next fire time of each schedule. */
  upcoming(): Record<string, Date | undefined>;
  stop(): Promise<void>;
}

export function startScheduler(
  system: System,
  invoke: (functionName: string, event: ScheduledEvent) => Promise<unknown>,
  log: (line: string) => void,
  now: () => Date = () => new Date(),
): LocalScheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  const next = new Map<string, Date | undefined>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  const pauses = new Set<() => void>();
  /** Waits, or less when the scheduler stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pauses.add(done);
    });

  async function run(name: string, event: ScheduledEvent): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await invoke(name, event);
      } catch (error) {
        if (!isThrottle(error) || attempt >= THROTTLE_RETRIES || stopped) throw error;
        log(`schedule ${name} throttled for ${event.scheduledTime}; retrying`);
        await pause(1000 * 2 ** attempt);
        if (stopped) throw error;
      }
    }
  }

  for (const [name, spec] of Object.entries(system.functions)) {
    const trigger = spec.trigger;
    if (trigger.kind !== 'schedule') continue;
    const cron = parseCron(cronExpressionOf(trigger));
    const arm = (after: Date) => {
      const at = nextFireTime(cron, after, trigger.timeZone);
      next.set(name, at);
      if (!at || stopped) return;
      // setTimeout cannot wait more than ~24.8 days; re-arm on the way for later fires.
      const wait = Math.min(at.getTime() - now().getTime(), 2 ** 31 - 1);
      timers.set(
        name,
        setTimeout(() => {
          if (now().getTime() < at.getTime()) return arm(new Date(at.getTime() - 60_000));
          const pending = run(name, scheduledEvent(name, trigger, at))
            .then(() => log(`schedule ${name} ran for ${at.toISOString()}`))
            .catch((error: Error) => log(`schedule ${name} failed for ${at.toISOString()}: ${error.message}`))
            .finally(() => running.delete(pending));
          running.add(pending);
          arm(at);
        }, Math.max(0, wait)),
      );
    };
    arm(now());
  }

  return {
    upcoming: () => Object.fromEntries(next),
    stop: async () => {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      for (const done of [...pauses]) done();
      await Promise.allSettled([...running]);
    },
  };
}

/**
 * Where `npm run schedule` finds the running runtime's control endpoint: `runtime-control.json`
 * in the data folder (only its owner may read it; it holds the endpoint's token).
 */
export const controlFileOf = (dataDir: string) => path.join(dataDir, 'runtime-control.json');

export interface ControlFile {
  pid: number;
  url: string;
  token: string;
  apiUrl: string;
  /** fauxqs's endpoint (the queues and their dead-letter queues), for `npm run dlq`. */
  sqsEndpoint?: string;
}

export interface ScheduleRun {
  schedule: string;
  scheduledTime: string;
  result: unknown;
}

/** A clock the control endpoint may move forward (the local beacon's): rounds up to its time are published. */
export interface ControllableClock {
  now(): Date;
  advanceTo(at: Date): Date;
}

/**
 * A small HTTP endpoint on 127.0.0.1 that runs a schedule now, on this runtime: `POST
 * /schedules/<name>` with `{"at": "<ISO time>"}` (default now) invokes the function with the event
 * EventBridge Scheduler would send for that time and answers what it returned. What it queues is
 * then consumed by the queue pollers as usual. Callers present the token of the control file.
 *
 * `POST /clock` with `{"at"}` moves the local clock (the local beacon's) forward to that time, never
 * back; `GET /clock` reads it. A schedule run `--at` a later time moves it there first, so the
 * run sees the beacon rounds of its time.
 */
export async function startScheduleControl(options: {
  system: System;
  invoke: (functionName: string, event: ScheduledEvent) => Promise<unknown>;
  dataDir: string;
  apiUrl: string;
  sqsEndpoint?: string;
  log: (line: string) => void;
  clock?: ControllableClock;
  /** The stream pollers: `POST /streams/drain` waits for them, `POST /streams/redeliver` {count} re-invokes their last batches. */
  streams?: { drain(timeoutMs?: number): Promise<unknown>; redeliver(count: number, functionName?: string): Promise<unknown> };
  /** The local payment provider: `POST /payments/fail-next` {recipient, reason?} makes that recipient's next item FAIL. */
  payments?: { failNext(recipient: string, reason?: string): void };
}): Promise<{ url: string; stop(): Promise<void> }> {
  const token = randomBytes(24).toString('base64url');
  // Manual functions (operators' jobs) run here too, with the same event shape.
  const schedules = Object.fromEntries(
    Object.entries(options.system.functions).flatMap(([name, spec]) =>
      spec.trigger.kind === 'schedule' ? [[name, spec.trigger] as const] : spec.trigger.kind === 'manual' ? [[name, { kind: 'schedule', cron: {}, timeZone: 'Asia/Shanghai', description: spec.trigger.description } as ScheduleTrigger] as const] : [],
    ),
  );
  const answer = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    void (async () => {
      if (req.headers.authorization !== `Bearer ${token}`) return answer(res, 401, { error: 'this endpoint takes the token of the data folder\'s runtime-control.json' });
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/schedules') return answer(res, 200, { schedules: Object.keys(schedules) });
      if (url.pathname === '/clock' && options.clock) {
        if (req.method === 'GET') return answer(res, 200, { now: options.clock.now().toISOString() });
        let body = '';
        for await (const chunk of req) body += String(chunk);
        const at = new Date((JSON.parse(body || '{}') as { at?: string }).at ?? '');
        if (req.method !== 'POST' || Number.isNaN(at.getTime())) return answer(res, 400, { error: 'POST /clock {"at": "<ISO time>"}' });
        const now = options.clock.advanceTo(at);
        options.log(`local clock moved to ${now.toISOString()}`);
        return answer(res, 200, { now: now.toISOString() });
      }
      if (url.pathname === '/payments/fail-next' && options.payments && req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += String(chunk);
        const input = JSON.parse(body || '{}') as { recipient?: string; reason?: string };
        if (!input.recipient) return answer(res, 400, { error: 'POST /payments/fail-next {"recipient": "<wallet id>", "reason"?: "<provider reason>"}' });
        options.payments.failNext(input.recipient, input.reason);
        return answer(res, 200, { recipient: input.recipient });
      }
      if (url.pathname.startsWith('/streams/') && options.streams && req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += String(chunk);
        const input = JSON.parse(body || '{}') as { count?: number; functionName?: string; timeoutMs?: number };
        if (url.pathname === '/streams/drain') return answer(res, 200, await options.streams.drain(input.timeoutMs));
        if (url.pathname === '/streams/redeliver') return answer(res, 200, await options.streams.redeliver(input.count ?? 1, input.functionName));
      }
      const name = /^\/schedules\/([\w-]+)$/.exec(url.pathname)?.[1];
      if (req.method !== 'POST' || !name) return answer(res, 404, { error: 'POST /schedules/<name>' });
      const trigger = schedules[name];
      if (!trigger) return answer(res, 404, { error: `no schedule "${name}"`, schedules: Object.keys(schedules) });
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const at = (body ? (JSON.parse(body) as { at?: string }).at : undefined) ?? new Date().toISOString();
      const time = new Date(at);
      if (Number.isNaN(time.getTime())) return answer(res, 400, { error: `"${at}" is not an ISO 8601 time` });
      options.log(`schedule ${name} run by hand for ${time.toISOString()}`);
      options.clock?.advanceTo(time);
      try {
        const result = await options.invoke(name, scheduledEvent(name, trigger, time));
        answer(res, 200, { schedule: name, scheduledTime: time.toISOString(), result } satisfies ScheduleRun);
      } catch (error) {
        answer(res, 502, { schedule: name, scheduledTime: time.toISOString(), error: (error as Error).message });
      }
    })().catch((error: Error) => {
      if (!res.headersSent) answer(res, 500, { error: error.message });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const file = controlFileOf(options.dataDir);
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ pid: process.pid, url, token, apiUrl: options.apiUrl, sqsEndpoint: options.sqsEndpoint } satisfies ControlFile), { mode: 0o600 });
  return {
    url,
    stop: async () => {
      // Only our own file: another runtime (in memory, on the same folder) may have written its own since.
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as ControlFile).token === token) rmSync(file, { force: true });
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
