/**
 * Days as the platform counts them: Asia/Shanghai calendar days (UTC+8; China has no daylight
 * saving). The one home of every date rule built on them: coupon drops, subsidy windows and
 * cycles, notice periods, policy periods, payout days, the day a profile change takes effect.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** An instant shifted so that its UTC fields read Shanghai's wall clock (for year, month, hour). */
export const shanghaiWallClock = (at: Date): Date => new Date(at.getTime() + SHANGHAI_OFFSET_MS);

/** The Shanghai day (YYYY-MM-DD) an instant falls on. */
export const shanghaiDay = (at: Date): string => shanghaiWallClock(at).toISOString().slice(0, 10);

/** The instant a Shanghai wall-clock time ("HH:MM", default midnight) happens on a day. */
export const shanghaiInstant = (day: string, time = '00:00'): Date => new Date(Date.parse(`${day}T${time}:00Z`) - SHANGHAI_OFFSET_MS);

/** The day `days` days after a YYYY-MM-DD day (before it, when negative). */
export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The day after a YYYY-MM-DD day. */
export const dayAfter = (day: string): string => addDays(day, 1);

/** The same day `years` years on (29 February to 1 March when the year it lands in has none). */
export const addYears = (day: string, years: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
};

/** The first day of a quarter (1–4) of a year. */
export const quarterStart = (year: number, quarter: number): string => new Date(Date.UTC(year, (quarter - 1) * 3, 1)).toISOString().slice(0, 10);

/** Whole calendar months from one day to a later one: 2026-01-15 → 2026-03-14 is 1, → 2026-03-15 is 2. */
export const wholeMonthsBetween = (from: string, to: string): number => {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
};
