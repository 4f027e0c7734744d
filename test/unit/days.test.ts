/** The Shanghai day and the date rules built on it (shared/days.ts). */
import { describe, expect, it } from 'vitest';
import { addDays, addYears, dayAfter, quarterStart, shanghaiDay, shanghaiInstant, shanghaiWallClock, wholeMonthsBetween } from '../../shared/days';

describe('Asia/Shanghai days', () => {
  it('turns at 16:00 UTC, midnight in Shanghai', () => {
    expect(shanghaiDay(new Date('2026-11-25T15:59:59.999Z'))).toBe('2026-11-25');
    expect(shanghaiDay(new Date('2026-11-25T16:00:00Z'))).toBe('2026-11-26');
    expect(shanghaiWallClock(new Date('2026-12-31T16:30:00Z')).getUTCFullYear()).toBe(2027);
  });

  it('finds the instant of a Shanghai wall-clock time, and counts days across months and years', () => {
    expect(shanghaiInstant('2026-11-26', '10:00').toISOString()).toBe('2026-11-26T02:00:00.000Z');
    expect(shanghaiInstant('2026-11-26').toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts years, quarters and whole months on days', () => {
    expect(addDays(addYears('2026-03-01', 1), -1)).toBe('2027-02-28');
    expect(addYears('2028-02-29', 1)).toBe('2029-03-01');
    expect([quarterStart(2026, 1), quarterStart(2026, 4)]).toEqual(['2026-01-01', '2026-10-01']);
    expect(wholeMonthsBetween('2026-01-15', '2026-03-14')).toBe(1);
    expect(wholeMonthsBetween('2026-01-15', '2026-03-15')).toBe(2);
    expect(wholeMonthsBetween('2025-12-31', '2026-01-01')).toBe(0);
  });
});
