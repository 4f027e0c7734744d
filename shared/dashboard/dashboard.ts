/**
 * The dashboard's read: an organisation's subtree figures, now and month by month, for the admins
 * of that subtree. One GetItem of the counted node, whatever the subtree's size.
 */
import type { Account } from '../accounts/account';
import { ValidationFailed } from '../errors';
import { OrganisationNotFound } from '../organisations/errors';
import type { OrganisationReader } from '../organisations/organisation-store';
import { assertAdministers, readOnce } from '../organisations/scope';
import { shanghaiDay } from '../days';
import { createHash } from 'node:crypto';
import type { DashboardReader } from './dashboard-store';
import type { Figures } from './figures';

/** The longest series one read answers. */
export const MAX_MONTHS = 36;

export interface FigureView {
  organisations: { province: number; city: number; county: number; town: number; grassroots: number; industryFederation: number };
  members: number;
  verifiedMembers: number;
  gigWorkers: { federations: number; members: number };
  activities: { count: number; participants: number; checkedIn: number };
  draws: { count: number; entrants: number };
  coupons: { released: number; claimed: number; redeemed: number };
  subsidiesPaid: { count: number; amountFen: number };
  claimsPaid: { count: number; amountFen: number };
  articles: number;
}

export interface DashboardAnswer {
  organisationId: string;
  figures: FigureView;
  months: { month: string; figures: FigureView }[];
  updatedAt?: string;
}

export function viewOf(figures: Figures): FigureView {
  const f = (name: keyof Figures) => figures[name] ?? 0;
  return {
    organisations: {
      province: f('organisations.province'),
      city: f('organisations.city'),
      county: f('organisations.county'),
      town: f('organisations.town'),
      grassroots: f('organisations.grassroots'),
      industryFederation: f('organisations.industry-federation'),
    },
    members: f('members'),
    verifiedMembers: f('verifiedMembers'),
    gigWorkers: { federations: f('organisations.industry-federation'), members: f('federationMembers') },
    activities: { count: f('activities'), participants: f('activityParticipants'), checkedIn: f('activityCheckIns') },
    draws: { count: f('draws'), entrants: f('drawEntrants') },
    coupons: { released: f('couponsReleased'), claimed: f('couponsClaimed'), redeemed: f('couponsRedeemed') },
    subsidiesPaid: { count: f('subsidiesPaid'), amountFen: f('subsidiesPaidFen') },
    claimsPaid: { count: f('claimsPaid'), amountFen: f('claimsPaidFen') },
    articles: f('articles'),
  };
}

/** The months from `from` to `to` inclusive (YYYY-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > to) return months;
    months.push(current);
    if (++month > 12) [year, month] = [year + 1, 1];
  }
}

const monthsBack = (to: string, count: number) => {
  const [year, month] = to.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/**
 * 1. The organisation exists (404) and the caller administers it as the tree is now (403).
 * 2. The series' months: `to` defaults to this Shanghai month, `from` to 11 months before it;
 *    at most 36 months, `from` ≤ `to` (400, naming the field).
 * 3. Its counted node (none yet: zeros), read beside the organisation in step 1; the tag names
 *    the node's version and the series.
 */
export async function organisationDashboard(
  deps: { dashboard: DashboardReader; orgs: OrganisationReader },
  caller: Account,
  organisationId: string,
  query: { from?: string; to?: string },
  now: Date = new Date(),
): Promise<{ answer: DashboardAnswer; tag: string }> {
  // The node is read beside the organisation, not after the scope check: one round trip fewer,
  // and what is read is answered only once the caller is found to administer it.
  const orgs = readOnce(deps.orgs);
  const [organisation, counted] = await Promise.all([orgs.get(organisationId), deps.dashboard.figuresOf(organisationId)]);
  if (!organisation) throw new OrganisationNotFound(organisationId);
  await assertAdministers(caller, organisation, orgs);

  const to = query.to ?? shanghaiDay(now).slice(0, 7);
  const from = query.from ?? monthsBack(to, 11);
  if (from > to) throw new ValidationFailed([{ field: 'query.from', message: 'must not be after `to`', zh: '不得晚于 `to`' }]);
  const months = monthsBetween(from, to);
  if (months.length > MAX_MONTHS) throw new ValidationFailed([{ field: 'query.from', message: `the series spans at most ${MAX_MONTHS} months`, zh: `时间跨度最多 ${MAX_MONTHS} 个月` }]);

  const summary = counted?.summary ?? { totals: {}, months: {} };
  const answer: DashboardAnswer = {
    organisationId,
    figures: viewOf(summary.totals),
    months: months.map((month) => ({ month, figures: viewOf(summary.months[month] ?? {}) })),
    ...(counted?.updatedAt && { updatedAt: counted.updatedAt }),
  };
  const tag = `"${createHash('sha256').update(`${organisationId}|${counted?.version ?? 0}|${from}|${to}`).digest('base64url').slice(0, 27)}"`;
  return { answer, tag };
}
