import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextFireTime, parseCron } from '../../local/cron';
import { cronExpressionOf, startScheduler } from '../../local/scheduler';
import type { ScheduleTrigger, System } from '../../shared/system';

const shanghai = 'Asia/Shanghai';

describe('cron on the local clock', () => {
  it('fires a daily 10:00 Shanghai schedule at 02:00 UTC', () => {
    const next = nextFireTime(parseCron('cron(0 10 * * ? *)'), new Date('2026-11-23T03:00:00Z'), shanghai);
    expect(next?.toISOString()).toBe('2026-11-24T02:00:00.000Z');
  });

  it('fires a quarterly schedule on the first day of each quarter', () => {
    const cron = parseCron('cron(0 0 1 JAN,APR,JUL,OCT ? *)');
    const next = nextFireTime(cron, new Date('2026-11-23T00:00:00Z'), shanghai);
    expect(next?.toISOString()).toBe('2026-12-31T16:00:00.000Z'); // 1 Jan 00:00 in Shanghai
  });

  it('handles steps, ranges and weekday names', () => {
    const cron = parseCron('cron(*/15 9-17 ? * MON-FRI *)');
    // Saturday 28 Nov 2026 → next is Monday 30 Nov 09:00 Shanghai.
    expect(nextFireTime(cron, new Date('2026-11-28T04:00:00Z'), shanghai)?.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(nextFireTime(cron, new Date('2026-11-30T01:00:00Z'), shanghai)?.toISOString()).toBe('2026-11-30T01:15:00.000Z');
  });

  it('refuses what it cannot evaluate faithfully', () => {
    expect(() => parseCron('cron(0 10 L * ? *)')).toThrow(/not supported/);
    expect(() => parseCron('cron(0 25 * * ? *)')).toThrow(/outside/);
  });

  it('uses the very expression CDK gives the deployed schedule', () => {
    const trigger: ScheduleTrigger = { kind: 'schedule', cron: { minute: '30', hour: '9' }, timeZone: shanghai, description: '' };
    expect(cronExpressionOf(trigger)).toBe('cron(30 9 * * ? *)');
  });
});

describe('the local scheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('invokes the function at the scheduled instant with the scheduled time, and re-arms', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T01:59:00Z') });
    const system: System = {
      tables: {},
      queues: {},
      secrets: {},
      functions: {
        release: {
          capability: 'coupons',
          entry: 'x.ts',
          description: '',
          trigger: { kind: 'schedule', cron: { minute: '0', hour: '10' }, timeZone: shanghai, description: '', input: { drop: 'daily' } },
        },
      },
    };
    const invocations: unknown[] = [];
    const scheduler = startScheduler(system, async (_name, event) => invocations.push(event), () => {});
    await vi.advanceTimersByTimeAsync(59_000);
    expect(invocations).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(invocations).toEqual([{ scheduleName: 'release', scheduledTime: '2026-11-23T02:00:00.000Z', drop: 'daily' }]);
    expect(scheduler.upcoming().release?.toISOString()).toBe('2026-11-24T02:00:00.000Z');
    await scheduler.stop();
  });
});
