/** POST /coupons/{code}/redeem — a merchant redeems a coupon against an order, exactly once. */
import { redeemCoupon } from '../shared/coupons/coupon-redeem';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { couponStore } from '../shared/stores';

export const handle = async ({ caller, params, body }: RequestOf<'couponRedeem'>) => {
  const { userId: _userId, ...redeemed } = await redeemCoupon(couponStore(), caller, params.code, body.orderFen);
  metrics.addMetric('CouponRedeemed', 'Count', 1);
  return ok(redeemed);
};

export const handler = httpHandler('couponRedeem', handle);
