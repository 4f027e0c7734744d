/** Request and response shapes for coupon campaigns, claims and redemptions. */
import { z } from 'zod';
import { Industry } from '../accounts/schemas';
import { OrganisationId } from '../organisations/schemas';

const Day = z.iso.date().describe('Asia/Shanghai date, YYYY-MM-DD');

export const CampaignBody = z
  .object({
    name: z.string().trim().min(2).max(80),
    audience: z
      .object({
        industries: z.array(Industry).min(1),
        organisationId: OrganisationId.describe('Members of unions under this organisation may claim'),
        verifiedOnly: z.boolean().default(true),
      })
      .strict(),
    firstDay: Day,
    lastDay: Day,
    releaseTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM').describe('Daily opening time, Asia/Shanghai'),
    dailyQuota: z.number().int().max(10_000_000),
    rule: z.object({ thresholdFen: z.number().int().min(1), discountFen: z.number().int().min(1) }).strict(),
    validityDays: z.number().int().min(1).max(366),
    perMemberPerDay: z.number().int().min(1).max(10).default(1),
    perMemberPerCampaign: z.number().int().min(1).max(1000),
    merchants: z.array(z.string().min(1).max(64)).min(1).max(1000),
  })
  .strict();

export const CampaignView = CampaignBody.extend({
  campaignId: z.string(),
  audience: CampaignBody.shape.audience.extend({ organisationPath: z.string() }),
  shards: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const CampaignParams = z.object({ campaignId: z.uuid() });
export const CampaignDayParams = z.object({ campaignId: z.uuid(), day: Day });
export const CouponParams = z.object({ code: z.string().regex(/^[A-Z2-9]{12}$/, 'must be a 12-character coupon code') });
export const RedeemBody = z.object({ orderFen: z.number().int().min(1) }).strict();

export const CouponView = z.object({
  code: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  day: z.string(),
  rule: z.object({ thresholdFen: z.number().int(), discountFen: z.number().int() }),
  merchants: z.array(z.string()),
  issuedAt: z.string(),
  validUntil: z.string(),
  status: z.enum(['valid', 'redeemed']),
  redemption: z.object({ merchantId: z.string(), orderFen: z.number().int(), at: z.string() }).optional(),
});
export const MyCoupon = CouponView.extend({ state: z.enum(['valid', 'used', 'expired']) });
export const MyCouponPage = z.object({ items: z.array(MyCoupon), cursor: z.string().optional() });
export const Redeemed = CouponView.extend({ payableFen: z.number().int().describe('What the member pays') });

export const DayFigures = z.object({
  campaignId: z.string(),
  day: z.string(),
  released: z.number().int(),
  claimed: z.number().int(),
  redeemed: z.number().int(),
  expired: z.number().int(),
  soldOut: z.boolean(),
});

export const TodaysCampaigns = z.object({ day: z.string(), items: z.array(CampaignView.extend({ opensAt: z.string() })) });
