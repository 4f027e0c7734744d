/** GET /me/coupons — my coupons, newest first, each valid, used or expired. */
import { myCoupons } from '../shared/coupons/coupon-redeem';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { couponStore } from '../shared/stores';

export const handle = async ({ caller, query }: RequestOf<'couponsMine'>) => ok(await myCoupons(couponStore(), caller, query));

export const handler = httpHandler('couponsMine', handle);
