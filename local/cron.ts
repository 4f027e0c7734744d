/**
 * EventBridge Scheduler cron expressions ("cron(m h dom mon dow y)") evaluated on the local
 * clock in a time zone, so the local runtime fires schedules when AWS would. Supports *, ?,
 * lists, ranges, steps and month/day names; L, W and # are refused rather than misread.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

type FieldSet = Set<number> | 'any';

export interface CronSchedule {
  minutes: FieldSet;
  hours: FieldSet;
  daysOfMonth: FieldSet;
  months: FieldSet;
  /** 1 = Sunday … 7 = Saturday, as in AWS cron. */
  daysOfWeek: FieldSet;
  years: FieldSet;
}

function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = 1): FieldSet {
  if (text === '*' || text === '?') return 'any';
  const value = (token: string) => {
    if (/^(\d*L|\d+W|LW|.*#.*)$/i.test(token)) throw new Error(`cron value "${token}": L, W and # are not supported locally`);
    const index = names.indexOf(token.toUpperCase());
    const number = index >= 0 ? index + nameBase : Number(token);
    if (!Number.isInteger(number) || number < min || number > max) throw new Error(`cron value "${token}" outside ${min}-${max}`);
    return number;
  };
  const set = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let from: number, to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range!.includes('-')) [from, to] = range!.split('-').map(value) as [number, number];
    else [from, to] = [value(range!), stepText ? max : value(range!)];
    for (let n = from; n <= to; n += step) set.add(n);
  }
  return set;
}

export function parseCron(expression: string): CronSchedule {
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  const fields = (match ? match[1]! : expression).trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`"${expression}" is not a 6-field cron expression`);
  const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  return {
    minutes: parseField(minute, 0, 59),
    hours: parseField(hour, 0, 23),
    daysOfMonth: parseField(dom, 1, 31),
    months: parseField(month, 1, 12, MONTHS),
    daysOfWeek: parseField(dow, 1, 7, DAYS),
    years: parseField(year, 1970, 2199),
  };
}

const has = (set: FieldSet, value: number) => set === 'any' || set.has(value);

function wallClock(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    weekday: DAYS.indexOf(get('weekday').toUpperCase()) + 1,
  };
}

/** The first instant strictly after `after` that the schedule fires at, in `timeZone`. */
export function nextFireTime(schedule: CronSchedule, after: Date, timeZone: string): Date | undefined {
  const MINUTE = 60_000;
  let t = new Date(Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE);
  const limit = after.getTime() + 5 * 366 * 24 * 60 * MINUTE;
  while (t.getTime() < limit) {
    const w = wallClock(t, timeZone);
    const minutesLeftInDay = 24 * 60 - (w.hour * 60 + w.minute);
    if (!has(schedule.years, w.year) || !has(schedule.months, w.month) || !has(schedule.daysOfMonth, w.day) || !has(schedule.daysOfWeek, w.weekday)) {
      t = new Date(t.getTime() + minutesLeftInDay * MINUTE);
    } else if (!has(schedule.hours, w.hour)) {
      t = new Date(t.getTime() + (60 - w.minute) * MINUTE);
    } else if (!has(schedule.minutes, w.minute)) {
      t = new Date(t.getTime() + MINUTE);
    } else {
      return t;
    }
  }
  return undefined;
}
