/** POST /campaigns — define a coupon campaign (operator, or an admin for their subtree). */
import { createCampaign } from '../shared/coupons/campaign-create';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { couponStore } from '../shared/adapters/coupon-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { coupons } from '../shared/coupons/functions';

export const handle = async ({ caller, body }: RequestOf<typeof coupons.campaignCreate>) =>
  created(await createCampaign({ coupons: couponStore, orgs: organisationStore }, caller, body));

export const handler = httpHandler(coupons.campaignCreate, handle, { replays: storedReplays });
