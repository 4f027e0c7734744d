/** POST /coupons/{code}/redeem — a merchant redeems a coupon against an order, exactly once. */
import { redeemCoupon } from '../shared/coupons/coupon-redeem';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { couponStore } from '../shared/adapters/coupon-store';
import { storedReplays } from '../shared/http/idempotency';
import { coupons } from '../shared/coupons/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof coupons.couponRedeem>) => {
  const { userId: _userId, ...redeemed } = await redeemCoupon(couponStore, caller, params.code, body.orderFen);
  metrics.addMetric('CouponRedeemed', 'Count', 1);
  return ok(redeemed);
};

export const handler = httpHandler(coupons.couponRedeem, handle, { replays: storedReplays });
