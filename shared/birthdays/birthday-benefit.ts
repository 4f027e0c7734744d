/**
 * The monthly birthday benefit: a union switches it on naming a coupon campaign, and every
 * verified member of its subtree born in a month gets one coupon of that campaign in that month —
 * exactly one per member and month, whichever union's run reaches her and however often it runs.
 */
import { addDays, shanghaiDay, shanghaiInstant } from '../days';
import type { Campaign } from '../coupons/campaign';
import { newCouponCode, type Coupon } from '../coupons/coupon';
import type { Notice } from '../inbox/notice';

export interface BirthdayBenefit {
  organisationId: string;
  status: 'on' | 'off';
  /** The campaign whose coupon rule and merchants the birthday coupon carries (kept when switched off). */
  campaignId?: string;
  /** Who last switched it, and when (absent for a union that never did). */
  updatedBy?: string;
  updatedAt?: string;
}

/** One union's run for one month, as queued: where the worker got to is `cursor`. */
export interface BirthdayJob {
  organisationId: string;
  /** YYYY-MM, Asia/Shanghai. */
  month: string;
  cursor?: string;
}

/** A member the birthday index lists: enough to grant and to say why not. */
export interface BirthdayMember {
  userId: string;
  birthday: string;
  orgPath: string;
}

/** The Shanghai month of an instant, "YYYY-MM". */
export const shanghaiMonth = (at: Date) => shanghaiDay(at).slice(0, 7);

/** "MM" of a month "YYYY-MM". */
export const monthOfYear = (month: string) => month.slice(5, 7);

/** The first Shanghai day of a month and the last instant of it. */
export const firstDayOf = (month: string) => `${month}-01`;
export const endOfMonth = (month: string) => {
  const nextMonth = `${addDays(firstDayOf(month), 31).slice(0, 7)}-01`;
  return new Date(shanghaiInstant(nextMonth).getTime() - 1).toISOString();
};

export const bornIn = (birthday: string | undefined, month: string) => birthday !== undefined && birthday.slice(5, 7) === monthOfYear(month);

/**
 * Unions strictly below `path` that run their own birthday benefit: their members get theirs,
 * not this one's (the nearest union that switched it on decides the coupon).
 */
export const nestedBenefitPaths = (path: string, enabledPaths: string[]) => enabledPaths.filter((p) => p !== path && p.startsWith(path));

/** Why a campaign cannot carry a birthday benefit in `month`, or undefined if it can. */
export function campaignUnfit(campaign: Campaign | undefined, month: string): string | undefined {
  if (!campaign) return 'the campaign does not exist';
  if (campaign.lastDay < firstDayOf(month)) return `the campaign ended on ${campaign.lastDay}`;
  return undefined;
}

/** The coupon a member gets for her birthday month: the campaign's rule, valid to the month's end. */
export function birthdayCoupon(campaign: Campaign, userId: string, month: string, at: Date): Coupon {
  return {
    code: newCouponCode(),
    campaignId: campaign.campaignId,
    campaignName: campaign.name,
    day: firstDayOf(month),
    userId,
    rule: campaign.rule,
    merchants: campaign.merchants,
    issuedAt: at.toISOString(),
    validUntil: endOfMonth(month),
    status: 'valid',
    benefit: 'birthday',
  };
}

/**
 * The inbox notice of a birthday coupon. Its id and time come from the month, not the run: a run
 * repeated writes the same notice, which its own condition refuses (and the guard before it).
 */
export function birthdayNotice(coupon: Coupon, month: string): Notice {
  return {
    userId: coupon.userId,
    noticeId: `birthday#${month}`,
    kind: 'birthday-benefit',
    at: shanghaiInstant(firstDayOf(month)).toISOString(),
    facts: {
      month,
      code: coupon.code,
      campaignId: coupon.campaignId,
      campaignName: coupon.campaignName,
      thresholdFen: coupon.rule.thresholdFen,
      discountFen: coupon.rule.discountFen,
      validUntil: coupon.validUntil,
    },
  };
}
