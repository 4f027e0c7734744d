/** GET /campaigns — campaigns running today, with today's opening time. */
import { shanghaiDay } from '../shared/days';
import { opensAt } from '../shared/coupons/campaign';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { couponStore } from '../shared/adapters/coupon-store';
import { coupons } from '../shared/coupons/functions';

export const handle = async (_request: RequestOf<typeof coupons.campaignsList>) => {
  const day = shanghaiDay(new Date());
  const campaigns = await couponStore.campaignsRunning(day);
  return ok({ day, items: campaigns.map((campaign) => ({ ...campaign, opensAt: opensAt(campaign, day).toISOString() })) });
};

export const handler = httpHandler(coupons.campaignsList, handle);
