/** Asia/Shanghai calendar days, as the API counts them (the browser's own zone does not matter). */
const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export const shanghaiDay = (at: Date = new Date()): string => format.format(at);

/** `day` moved by `days` (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A Shanghai wall-clock time as a datetime-local input shows it (YYYY-MM-DDTHH:mm), of `at`. */
export const shanghaiLocal = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16);

/** The instant (ISO, UTC) of a Shanghai wall-clock time from a datetime-local input (China keeps no daylight saving). */
export const shanghaiInstant = (local: string): string => new Date(`${local}:00+08:00`).toISOString();
