/**
 * Subsidy programmes as data: who may apply (rules), when (an annual or quarterly cycle with an
 * application window), how much (by level or fixed, in fen), how many per cycle (a lottery when
 * oversubscribed) and how long results stay on public notice. An operator adds one without code.
 */
import { addDays, quarterStart, shanghaiDay, shanghaiWallClock, wholeMonthsBetween } from '../days';
import type { MemberProfile } from '../accounts/account';
import { ValidationFailed } from '../errors';

export interface Programme {
  programmeId: string;
  name: string;
  cycle: 'annual' | 'quarterly';
  /** Annual: the window's first and last day ("MM-DD"). Quarterly: open for `days` days from the quarter's start. */
  window: { opens: string; closes: string } | { days: number };
  eligibility: {
    verified: boolean;
    minMembershipMonths: number;
    /** Applicants declare a level (degree, certificate) that must be one of the amount's levels. */
    levelRequired: boolean;
    /** The qualification must have been obtained within this many months of applying. */
    obtainedWithinMonths?: number;
    /** Only members of these kinds of union (e.g. grassroots chairs of non-public enterprises). */
    unionKinds?: ('grassroots' | 'industry-federation')[];
  };
  amount: { kind: 'by-level'; levels: Record<string, number> } | { kind: 'fixed'; fen: number };
  quotaPerCycle: number;
  noticeDays: number;
  status: 'active' | 'retired';
  createdAt: string;
}

export interface ApplicationDetails {
  level?: string;
  obtainedOn?: string;
  note?: string;
}

/** A cycle named as the programme counts them ("2026" for annual, "2026-Q4" for quarterly), or 400. */
export function assertCycleOf(programme: Pick<Programme, 'cycle'>, cycle: string, field = 'params.cycle'): void {
  const fits = programme.cycle === 'annual' ? /^\d{4}$/.test(cycle) : /^\d{4}-Q[1-4]$/.test(cycle);
  if (!fits) throw new ValidationFailed([{ field, message: programme.cycle === 'annual' ? 'must be a year such as 2026' : 'must be a quarter such as 2026-Q4' }]);
}

/** The cycle an instant falls in: "2026" or "2026-Q4" (Asia/Shanghai). */
export function cycleOf(programme: Pick<Programme, 'cycle'>, at: Date): string {
  const local = shanghaiWallClock(at);
  const year = local.getUTCFullYear();
  return programme.cycle === 'annual' ? String(year) : `${year}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

/** Every cycle from the one `from` falls in to the one `to` falls in, oldest first. */
export function cyclesBetween(programme: Pick<Programme, 'cycle'>, from: Date, to: Date): string[] {
  // A cycle as a count of quarters (or years) since year 0, and back.
  const perYear = programme.cycle === 'annual' ? 1 : 4;
  const ordinal = (cycle: string) => Number(cycle.slice(0, 4)) * perYear + (perYear === 1 ? 0 : Number(cycle.slice(-1)) - 1);
  const named = (n: number) => (perYear === 1 ? String(n) : `${Math.floor(n / 4)}-Q${(n % 4) + 1}`);
  const cycles: string[] = [];
  for (let n = ordinal(cycleOf(programme, from)); n <= ordinal(cycleOf(programme, to)); n++) cycles.push(named(n));
  return cycles;
}

/** The application window of a cycle, as Asia/Shanghai dates (inclusive). */
export function windowOf(programme: Pick<Programme, 'cycle' | 'window'>, cycle: string): { opens: string; closes: string } {
  if ('opens' in programme.window) return { opens: `${cycle.slice(0, 4)}-${programme.window.opens}`, closes: `${cycle.slice(0, 4)}-${programme.window.closes}` };
  const opens = quarterStart(Number(cycle.slice(0, 4)), Number(cycle.slice(-1)));
  return { opens, closes: addDays(opens, programme.window.days - 1) };
}

export const amountFor = (programme: Programme, details: ApplicationDetails): number | undefined =>
  programme.amount.kind === 'fixed' ? programme.amount.fen : details.level ? programme.amount.levels[details.level] : undefined;


export interface PrecheckFailure {
  rule: 'application-window' | 'verified' | 'membership-months' | 'union-kind' | 'level' | 'obtained-within';
  field: string;
  message: string;
  zh: string;
}

/** The system pre-check: the first rule the application fails, named, or undefined. */
export function precheck(
  programme: Programme,
  member: MemberProfile,
  unionKind: string | undefined,
  details: ApplicationDetails,
  at: Date,
): PrecheckFailure | undefined {
  const today = shanghaiDay(at);
  const window = windowOf(programme, cycleOf(programme, at));
  if (programme.status !== 'active' || today < window.opens || today > window.closes) {
    return { rule: 'application-window', field: 'params.programmeId', message: `applications are open from ${window.opens} to ${window.closes}`, zh: `申请时间为 ${window.opens} 至 ${window.closes}` };
  }
  const rules = programme.eligibility;
  if (rules.verified && !member.verified) return { rule: 'verified', field: 'caller', message: 'verify your real name first', zh: '请先完成实名认证' };
  const months = member.membership ? wholeMonthsBetween(shanghaiDay(new Date(member.membership.since)), today) : -1;
  if (months < rules.minMembershipMonths) {
    return { rule: 'membership-months', field: 'caller', message: `you need at least ${rules.minMembershipMonths} months of union membership`, zh: `需入会满 ${rules.minMembershipMonths} 个月` };
  }
  if (rules.unionKinds && !rules.unionKinds.includes(unionKind as never)) {
    return { rule: 'union-kind', field: 'caller', message: `this programme is for members of: ${rules.unionKinds.join(', ')}`, zh: `本项目仅面向这些工会的会员：${rules.unionKinds.join('、')}` };
  }
  if (rules.levelRequired && amountFor(programme, details) === undefined) {
    const levels = programme.amount.kind === 'by-level' ? Object.keys(programme.amount.levels).join(', ') : '';
    return { rule: 'level', field: 'body.details.level', message: `must be one of: ${levels}`, zh: `须为以下之一：${levels}` };
  }
  if (rules.obtainedWithinMonths !== undefined) {
    if (!details.obtainedOn || details.obtainedOn > today || wholeMonthsBetween(details.obtainedOn, today) >= rules.obtainedWithinMonths) {
      return { rule: 'obtained-within', field: 'body.details.obtainedOn', message: `must be within the last ${rules.obtainedWithinMonths} months`, zh: `须在最近 ${rules.obtainedWithinMonths} 个月内取得` };
    }
  }
  return undefined;
}

/** The three programmes of the report, seeded on first start. */
export const reportProgrammes = (createdAt: string): Programme[] => [
  {
    programmeId: 'education-degree',
    name: 'Education-degree subsidy',
    cycle: 'annual',
    window: { opens: '01-01', closes: '12-31' },
    eligibility: { verified: true, minMembershipMonths: 12, levelRequired: true, obtainedWithinMonths: 24 },
    amount: { kind: 'by-level', levels: { 'junior-college': 80_000, bachelor: 100_000, master: 150_000, doctorate: 200_000 } },
    quotaPerCycle: 20_000,
    noticeDays: 7,
    status: 'active',
    createdAt,
  },
  {
    programmeId: 'grassroots-chair',
    name: 'Subsidy for chairs of non-public-enterprise grassroots unions',
    cycle: 'quarterly',
    window: { days: 20 },
    eligibility: { verified: true, minMembershipMonths: 0, levelRequired: false, unionKinds: ['grassroots'] },
    amount: { kind: 'fixed', fen: 100_000 },
    quotaPerCycle: 3_500,
    noticeDays: 5,
    status: 'active',
    createdAt,
  },
  {
    programmeId: 'social-work-award',
    name: 'Award for holders of a social-work certificate',
    cycle: 'annual',
    window: { opens: '01-01', closes: '12-31' },
    eligibility: { verified: true, minMembershipMonths: 6, levelRequired: true, obtainedWithinMonths: 12 },
    amount: { kind: 'by-level', levels: { assistant: 30_000, 'social-worker': 50_000, senior: 80_000 } },
    quotaPerCycle: 1_000,
    noticeDays: 7,
    status: 'active',
    createdAt,
  },
];
