/** Request and response shapes for coupon campaigns, claims and redemptions. */
import * as z from 'zod/mini';
import { withChinese } from '../schema-locale';
import { Industry } from '../accounts/schemas';
import { OrganisationId } from '../organisations/schemas';
import { pageOf } from '../schema-shapes';

const Day = z.iso.date().check(z.describe('Asia/Shanghai date, YYYY-MM-DD'));

export const CampaignBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(80)),
  audience: z.strictObject({
    industries: z.array(Industry).check(z.minLength(1)),
    organisationId: OrganisationId.check(z.describe('Members of unions under this organisation may claim')),
    verifiedOnly: z._default(z.boolean(), true),
  }),
  firstDay: Day,
  lastDay: Day,
  releaseTime: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, withChinese('must be HH:MM', '须为 HH:MM 格式')), z.describe('Daily opening time, Asia/Shanghai')),
  dailyQuota: z.number().check(z.int(), z.maximum(10_000_000)),
  rule: z.strictObject({ thresholdFen: z.number().check(z.int(), z.minimum(1)), discountFen: z.number().check(z.int(), z.minimum(1)) }),
  validityDays: z.number().check(z.int(), z.minimum(1), z.maximum(366)),
  perMemberPerDay: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10)), 1),
  perMemberPerCampaign: z.number().check(z.int(), z.minimum(1), z.maximum(1000)),
  merchants: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(1000)),
});

/** A campaign as members see it: what it offers, to whom and when. */
const CampaignFields = {
  ...CampaignBody.shape,
  campaignId: z.string(),
  audience: z.object({ ...CampaignBody.shape.audience.shape }),
  rule: z.object({ ...CampaignBody.shape.rule.shape }),
  shards: z.number().check(z.int()),
  createdAt: z.string(),
};

/** A campaign as its admins see it: also who created it. */
export const CampaignView = z.object({ ...CampaignFields, createdBy: z.string().check(z.describe('The admin who created it')) });

export const CampaignParams = z.object({ campaignId: z.uuid() });
export const CampaignDayParams = z.object({ campaignId: z.uuid(), day: Day });
export const CouponParams = z.object({ code: z.string().check(z.regex(/^[A-Z2-9]{12}$/, withChinese('must be a 12-character coupon code', '须为 12 位优惠券码'))) });
export const RedeemBody = z.strictObject({ orderFen: z.number().check(z.int(), z.minimum(1)) });

export const CouponView = z.object({
  code: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  day: z.string(),
  rule: z.object({ thresholdFen: z.number().check(z.int()), discountFen: z.number().check(z.int()) }),
  merchants: z.array(z.string()),
  issuedAt: z.string(),
  validUntil: z.string(),
  status: z.enum(['valid', 'redeemed', 'expired']).check(z.describe('expired: valid until a day that has passed')),
  redemption: z.optional(z.object({ merchantId: z.string(), orderFen: z.number().check(z.int()), at: z.string() })),
  benefit: z.optional(z.enum(['birthday']).check(z.describe('Given as a benefit (her birthday month), not claimed from a drop'))),
});
export const MyCouponPage = pageOf(CouponView);
export const Redeemed = z.extend(CouponView, { payableFen: z.number().check(z.int(), z.describe('What the member pays')) });

export const DayFigures = z.object({
  campaignId: z.string(),
  day: z.string(),
  released: z.number().check(z.int()),
  claimed: z.number().check(z.int()),
  redeemed: z.number().check(z.int()),
  expired: z.number().check(z.int()),
  soldOut: z.boolean(),
});

export const TodaysCampaigns = z.object({ day: z.string(), items: z.array(z.object({ ...CampaignFields, opensAt: z.string() })) });
