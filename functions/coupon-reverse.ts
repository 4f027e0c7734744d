/** POST /coupons/{code}/reverse — the redeeming merchant undoes a redemption within the window. */
import { reverseRedemption } from '../shared/coupons/coupon-redeem';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { couponStore } from '../shared/stores';

export const handle = async ({ caller, params }: RequestOf<'couponReverse'>) => {
  const { userId: _userId, ...coupon } = await reverseRedemption(couponStore(), caller, params.code);
  return ok(coupon);
};

export const handler = httpHandler('couponReverse', handle);
