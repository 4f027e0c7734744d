/** GET /campaigns/{campaignId}/days/{day} — released, claimed, redeemed and expired, without a scan. */
import { dayFigures } from '../shared/coupons/coupon-redeem';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { couponStore, organisationStore } from '../shared/stores';

export const handle = async ({ caller, params }: RequestOf<'campaignDayFigures'>) =>
  ok(await dayFigures({ coupons: couponStore(), orgs: organisationStore() }, caller, params.campaignId, params.day));

export const handler = httpHandler('campaignDayFigures', handle);
