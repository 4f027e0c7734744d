/** Request and response schemas of the dashboard route (zod/mini: the OpenAPI document is generated from them). */
import * as z from 'zod/mini';
import { withChinese } from '../schema-locale';
import { OrganisationId } from '../organisations/schemas';

const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, withChinese('must be a month YYYY-MM', '须为 YYYY-MM 格式的月份')), z.describe('A month, Asia/Shanghai: YYYY-MM'));

export const DashboardParams = z.object({ orgId: OrganisationId });

export const DashboardQuery = z.object({
  from: z.optional(Month.check(z.describe('First month of the series (default: 11 months before `to`)'))),
  to: z.optional(Month.check(z.describe('Last month of the series (default: this month in Asia/Shanghai); at most 36 months from `from`'))),
});

const count = (what: string) => z.number().check(z.describe(what));

export const DashboardFigures = z.object({
  organisations: z.object({
    province: z.number(),
    city: z.number(),
    county: z.number(),
    town: z.number(),
    grassroots: z.number(),
    industryFederation: z.number(),
  }).check(z.describe('Open organisations of the subtree (the organisation itself included) by tier')),
  members: count('Members whose union is in the subtree (active memberships)'),
  verifiedMembers: count('Of them, real-name verified'),
  gigWorkers: z.object({
    federations: count('Industry federations (gig-worker federations) in the subtree'),
    members: count('Members of those federations and of the unions under them'),
  }),
  activities: z.object({
    count: count('Activities organised in the subtree, not cancelled'),
    participants: count('Seats held on them (signed up, offered, checked in)'),
    checkedIn: count('Of them, checked in'),
  }),
  draws: z.object({ count: count('Prize draws for audiences in the subtree'), entrants: count('Their entries') }),
  coupons: z.object({
    released: count("Coupons put out by the daily drops of campaigns for the subtree's audiences"),
    claimed: count('Coupons members hold of them (birthday coupons included)'),
    redeemed: count('Of them, redeemed'),
  }),
  subsidiesPaid: z.object({ count: count('Subsidy payouts paid to members of the subtree'), amountFen: count('Their amount, fen') }),
  claimsPaid: z.object({ count: count('Insurance claim payouts paid'), amountFen: count('Their amount, fen') }),
  articles: count('News articles published (and not unpublished) by unions of the subtree'),
});

export const DashboardView = z.object({
  organisationId: z.string(),
  figures: DashboardFigures.check(z.describe('The whole subtree, now')),
  months: z.array(
    z.object({ month: z.string(), figures: DashboardFigures }).check(
      z.describe('The same figures by the month each counted thing happened: a member joined, an organisation was created, an activity starts, a draw was made, a drop was released, a coupon claimed or redeemed, a payout paid, an article published — of what still counts now'),
    ),
  ),
  updatedAt: z.optional(z.string().check(z.describe('When a change was last counted'))),
});
