/** POST /campaigns — define a coupon campaign (operator, or an admin for their subtree). */
import { createCampaign } from '../shared/coupons/campaign-create';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { couponStore, organisationStore } from '../shared/stores';

export const handle = async ({ caller, body }: RequestOf<'campaignCreate'>) =>
  created(await createCampaign({ coupons: couponStore(), orgs: organisationStore() }, caller, body));

export const handler = httpHandler('campaignCreate', handle);
