/** POST /coupons/{code}/reverse — the redeeming merchant undoes a redemption within the window. */
import { reverseRedemption } from '../shared/coupons/coupon-redeem';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { couponStore } from '../shared/adapters/coupon-store';
import { storedReplays } from '../shared/http/idempotency';
import { coupons } from '../shared/coupons/functions';

export const handle = async ({ caller, params }: RequestOf<typeof coupons.couponReverse>) => {
  const { userId: _userId, ...coupon } = await reverseRedemption(couponStore, caller, params.code);
  return ok(coupon);
};

export const handler = httpHandler(coupons.couponReverse, handle, { replays: storedReplays });
