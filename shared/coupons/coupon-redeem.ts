/**
 * Merchants redeem coupons at the till, exactly once, and may reverse a redemption within a
 * window (a cancelled order); members list their coupons; admins read a day's figures.
 */
import type { Account } from '../accounts/account';
import { NotAllowed } from '../errors';
import type { OrganisationReader } from '../organisations/organisation-store';
import { administersUnion } from '../organisations/scope';
import { validUntil } from './campaign';
import { statusAt, type Coupon } from './coupon';
import type { CouponStore } from './coupon-store';
import { CampaignNotFound, CouponNotFound, CouponNotRedeemable } from './errors';

export const REVERSAL_WINDOW_MINUTES = 30;

function merchantOf(caller: Account): string {
  const grant = caller.grants.find((g) => g.role === 'merchant');
  if (!grant || grant.role !== 'merchant') throw new NotAllowed('Only merchants redeem coupons.', 'ROLE_REQUIRED');
  return grant.merchantId;
}

export async function redeemCoupon(coupons: CouponStore, caller: Account, code: string, orderFen: number, at: Date = new Date()) {
  const merchantId = merchantOf(caller);
  const coupon = await coupons.coupon(code);
  if (!coupon) throw new CouponNotFound();
  if (!coupon.merchants.includes(merchantId)) throw new CouponNotRedeemable('This coupon is not accepted at this merchant.');
  if (statusAt(coupon, at) !== 'valid') throw new CouponNotRedeemable(`This coupon is ${statusAt(coupon, at)}.`);
  if (orderFen < coupon.rule.thresholdFen) {
    throw new CouponNotRedeemable(`The order must be at least ${coupon.rule.thresholdFen} fen for this coupon.`);
  }
  const redemption = { merchantId, orderFen, at: at.toISOString() };
  await coupons.redeem(coupon, redemption);
  return { ...coupon, status: 'redeemed' as const, redemption, payableFen: orderFen - coupon.rule.discountFen };
}

export async function reverseRedemption(coupons: CouponStore, caller: Account, code: string, at: Date = new Date()) {
  const merchantId = merchantOf(caller);
  const coupon = await coupons.coupon(code);
  if (!coupon) throw new CouponNotFound();
  if (coupon.status !== 'redeemed' || coupon.redemption?.merchantId !== merchantId) {
    throw new CouponNotRedeemable('Only the merchant that redeemed this coupon can reverse it.');
  }
  await coupons.reverse(coupon, new Date(at.getTime() - REVERSAL_WINDOW_MINUTES * 60_000).toISOString());
  const { redemption: _gone, ...rest } = coupon;
  return { ...rest, status: 'valid' as const };
}

export async function myCoupons(coupons: CouponStore, caller: Account, page: { limit: number; cursor?: string }, at: Date = new Date()) {
  const result = await coupons.couponsOf(caller.userId, page);
  return { items: result.items.map((coupon: Coupon) => ({ ...coupon, status: statusAt(coupon, at) })), cursor: result.cursor };
}

/** Released, claimed, redeemed and expired for one campaign day, without a scan. */
export async function dayFigures(
  deps: { coupons: CouponStore; orgs: OrganisationReader },
  caller: Account,
  campaignId: string,
  day: string,
  at: Date = new Date(),
) {
  const campaign = await deps.coupons.campaign(campaignId);
  // The audience's organisation as the tree is now decides; out of scope answers as unknown.
  const { organisationId, organisationPath } = campaign?.audience ?? {};
  if (!campaign || !(await administersUnion(caller, organisationId!, deps.orgs, organisationPath))) throw new CampaignNotFound();
  const { header, remaining, redeemed } = await deps.coupons.dayStats(campaignId, day);
  const released = header?.quota ?? 0;
  const claimed = released - remaining;
  const over = at.toISOString() > validUntil(campaign, day);
  return { campaignId, day, released, claimed, redeemed, expired: over ? claimed - redeemed : 0, soldOut: Boolean(header?.soldOut) };
}
