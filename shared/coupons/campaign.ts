/**
 * "Cool delivery" coupon campaigns: who may claim, when each day's drop opens, and the coupon
 * rule, all in integer fen and Asia/Shanghai days.
 */
import type { FieldIssue } from '../errors';
import { addDays, shanghaiInstant } from '../days';
import type { MemberProfile } from '../accounts/account';
import type { Industry } from '../accounts/schemas';

export interface Campaign {
  campaignId: string;
  name: string;
  /**
   * Members of unions under `organisationId` may claim: judged by the ids in the member's union
   * path (re-pathed when a subtree moves), so the audience follows moves of its own organisation.
   * `organisationPath` is its path at creation, a hint for scope reads, never the audience.
   */
  audience: { industries: Industry[]; organisationId: string; organisationPath: string; verifiedOnly: boolean };
  /** Asia/Shanghai dates, inclusive. */
  firstDay: string;
  lastDay: string;
  /** Asia/Shanghai wall-clock time the daily drop opens, "HH:MM". */
  releaseTime: string;
  dailyQuota: number;
  /** Stock is split over this many counters so no single item takes every claim. */
  shards: number;
  rule: { thresholdFen: number; discountFen: number };
  validityDays: number;
  perMemberPerDay: number;
  perMemberPerCampaign: number;
  merchants: string[];
  createdBy: string;
  createdAt: string;
}

/** The instant a day's drop opens. */
export const opensAt = (campaign: Pick<Campaign, 'releaseTime'>, day: string) =>
  shanghaiInstant(day, campaign.releaseTime);

/** Coupons of a day's drop are valid until the end of the day `validityDays - 1` days later (Shanghai). */
export const validUntil = (campaign: Pick<Campaign, 'validityDays'>, day: string) => {
  return new Date(shanghaiInstant(addDays(day, campaign.validityDays)).getTime() - 1).toISOString();
};

export const runsOn = (campaign: Pick<Campaign, 'firstDay' | 'lastDay'>, day: string) => day >= campaign.firstDay && day <= campaign.lastDay;

/**
 * Whether a union path lies under the organisation `id`: the id is one of its segments. Ids are
 * stable and unique, so this holds wherever the organisation has moved to.
 */
export const isUnder = (path: string, id: string) => path.startsWith(`${id}/`) || path.includes(`/${id}/`);

/** Why a member may not claim, or undefined if she may. */
export function ineligibility(campaign: Campaign, member: MemberProfile | undefined): string | undefined {
  if (!member) return 'only members can claim: sign up first';
  if (campaign.audience.verifiedOnly && !member.verified) return 'this campaign is for members with a verified real name';
  if (!campaign.audience.industries.includes(member.industry)) {
    return `this campaign is for members working in: ${campaign.audience.industries.join(', ')}`;
  }
  if (!member.membership) return 'this campaign is for members of a union: join one first';
  if (!isUnder(member.membership.orgPath, campaign.audience.organisationId)) {
    return 'this campaign is for members of unions under another federation';
  }
  return undefined;
}

/** Problems with a campaign definition, by field. */
export function campaignProblems(input: Omit<Campaign, 'campaignId' | 'createdBy' | 'createdAt' | 'shards' | 'audience'> & { audience: { industries: Industry[] } }, today: string): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (input.rule.discountFen > input.rule.thresholdFen) problems.push({ field: 'body.rule.discountFen', message: 'cannot exceed the threshold', zh: '不得超过使用门槛' });
  if (input.dailyQuota <= 0) problems.push({ field: 'body.dailyQuota', message: 'must be positive', zh: '须大于 0' });
  if (input.lastDay < input.firstDay) problems.push({ field: 'body.lastDay', message: 'is before the first day', zh: '早于首日' });
  if (input.lastDay < today) problems.push({ field: 'body.lastDay', message: 'is in the past', zh: '早于今天' });
  if (input.perMemberPerCampaign < input.perMemberPerDay) {
    problems.push({ field: 'body.perMemberPerCampaign', message: 'is less than the limit per day', zh: '不得少于每日限领数' });
  }
  if (input.audience.industries.length === 0) problems.push({ field: 'body.audience.industries', message: 'name at least one industry', zh: '请至少指定一个行业' });
  return problems;
}

/** Enough counters that no one item takes more than ~500 claims of a day's stock (at most 90: a release is one transaction). */
export const shardsFor = (dailyQuota: number) => Math.min(90, Math.max(1, Math.ceil(dailyQuota / 500)));
