/** GET /campaigns/{campaignId}/days/{day} — released, claimed, redeemed and expired, without a scan. */
import { dayFigures } from '../shared/coupons/coupon-redeem';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { couponStore } from '../shared/adapters/coupon-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { coupons } from '../shared/coupons/functions';

export const handle = async ({ caller, params }: RequestOf<typeof coupons.campaignDayFigures>) =>
  ok(await dayFigures({ coupons: couponStore, orgs: organisationStore }, caller, params.campaignId, params.day));

export const handler = httpHandler(coupons.campaignDayFigures, handle);
