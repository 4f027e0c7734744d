/** POST /campaigns/{campaignId}/claims — claim today's coupon; a repeat returns the same coupon (200). */
import { claimCoupon } from '../shared/coupons/coupon-claim';
import { httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { couponStore } from '../shared/stores';

export const handle = async ({ caller, params }: RequestOf<'couponClaim'>) => {
  const { coupon, repeated } = await claimCoupon(couponStore(), caller, params.campaignId);
  if (!repeated) metrics.addMetric('CouponClaimed', 'Count', 1);
  const { userId: _userId, ...view } = coupon;
  return { status: repeated ? 200 : 201, body: view };
};

export const handler = httpHandler('couponClaim', handle);
