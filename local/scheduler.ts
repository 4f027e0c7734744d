/**
 * The manifest's schedules on the local clock: each fires at the times EventBridge Scheduler
 * would (same cron, same time zone, expression built by CDK itself) with the same event payload.
 * A throttled run (the function at its concurrency limit) is retried a few times with back-off,
 * as EventBridge Scheduler retries a throttled target; then it is logged and the next tick runs.
 */
import { TimeZone } from 'aws-cdk-lib';
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
