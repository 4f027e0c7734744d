/** GET /me/coupons — my coupons, newest first, each valid, used or expired. */
import { myCoupons } from '../shared/coupons/coupon-redeem';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { couponStore } from '../shared/adapters/coupon-store';
import { coupons } from '../shared/coupons/functions';

export const handle = async ({ caller, query }: RequestOf<typeof coupons.couponsMine>) => ok(await myCoupons(couponStore, caller, query));

export const handler = httpHandler(coupons.couponsMine, handle);
