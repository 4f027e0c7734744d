/**
 * The manifest's schedules on the local clock: each fires at the times EventBridge Scheduler
 * would (same cron, same time zone, expression built by CDK itself) with the same event payload.
 */
import { TimeZone } from 'aws-cdk-lib';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ScheduledEvent, ScheduleTrigger, System } from '../shared/system';
import { nextFireTime, parseCron } from './cron';

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
          const run = invoke(name, scheduledEvent(name, trigger, at))
            .then(() => log(`schedule ${name} ran for ${at.toISOString()}`))
            .catch((error: Error) => log(`schedule ${name} failed for ${at.toISOString()}: ${error.message}`))
            .finally(() => running.delete(run));
          running.add(run);
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
      await Promise.allSettled([...running]);
    },
  };
}
