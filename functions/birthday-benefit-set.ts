/** PUT /organisations/{orgId}/birthday-benefit — switch a union's birthday benefit on (with its campaign) or off. */
import { setBirthdayBenefit } from '../shared/birthdays/benefit-configure';
import { birthdays } from '../shared/birthdays/functions';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { birthdayBenefitStore } from '../shared/adapters/birthday-store';
import { couponStore } from '../shared/adapters/coupon-store';
import { organisationStore } from '../shared/adapters/organisation-store';

export const handle = async ({ caller, params, body }: RequestOf<typeof birthdays.birthdayBenefitSet>) =>
  ok(await setBirthdayBenefit({ birthdays: birthdayBenefitStore, coupons: couponStore, orgs: organisationStore }, caller, params.orgId, body));

export const handler = httpHandler(birthdays.birthdayBenefitSet, handle);
