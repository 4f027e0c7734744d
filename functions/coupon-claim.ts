/** POST /campaigns/{campaignId}/claims — claim today's coupon; a repeat returns the same coupon (200). */
import { accountStore } from '../shared/adapters/account-store';
import { couponClaimStore } from '../shared/adapters/coupon-claim-store';
import { claimCoupon } from '../shared/coupons/coupon-claim';
import { coupons } from '../shared/coupons/functions';
import { httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';

export const handle = async ({ caller, params }: RequestOf<typeof coupons.couponClaim>) => {
  const { coupon, repeated } = await claimCoupon({ coupons: couponClaimStore, accounts: accountStore }, caller.userId, params.campaignId);
  if (!repeated) metrics.addMetric('CouponClaimed', 'Count', 1);
  const { userId: _userId, ...view } = coupon;
  return { status: repeated ? 200 : 201, body: view };
};

export const handler = httpHandler(coupons.couponClaim, handle);
