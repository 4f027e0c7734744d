/**
 * An admin switches her union's birthday benefit on (naming a coupon campaign) or off, and reads it.
 *
 * Primary course (switching on):
 *  1. The union must exist, be active and lie in the caller's subtree (an operator: anywhere).
 *  2. The campaign must exist, not have ended, and be for members of this union (its audience
 *     organisation is the union or one of its ancestors), or the union would hand out a coupon
 *     its members could not be given otherwise.
 *  3. Store it; the next monthly run gives it to the union's whole subtree, except the unions below
 *     that run their own.
 */
import type { Account } from '../accounts/account';
import { isUnder } from '../coupons/campaign';
import type { CouponStore } from '../coupons/coupon-store';
import { ValidationFailed } from '../errors';
import { OrganisationClosed } from '../organisations/errors';
import type { OrganisationReader } from '../organisations/organisation-store';
import { organisationInScope } from '../organisations/scope';
import { campaignUnfit, shanghaiMonth, type BirthdayBenefit } from './birthday-benefit';
import type { BirthdayStore } from './birthday-store';
import { CampaignUnfit } from './errors';

export interface BenefitDependencies {
  birthdays: BirthdayStore;
  coupons: Pick<CouponStore, 'campaign'>;
  orgs: OrganisationReader;
}

export async function setBirthdayBenefit(
  deps: BenefitDependencies,
  caller: Account,
  organisationId: string,
  input: { status: 'on' | 'off'; campaignId?: string },
  now: Date = new Date(),
): Promise<BirthdayBenefit> {
  const organisation = await organisationInScope(caller, organisationId, deps.orgs);
  const current = await deps.birthdays.benefit(organisationId);
  const campaignId = input.campaignId ?? current?.campaignId;
  if (input.status === 'on') {
    if (organisation.status !== 'active') throw new OrganisationClosed(organisationId);
    if (!campaignId) throw new ValidationFailed([{ field: 'body.campaignId', message: 'name the campaign whose coupon members get', zh: '请指定会员所得优惠券所属的活动' }]);
    const campaign = await deps.coupons.campaign(campaignId);
    const unfit = campaignUnfit(campaign, shanghaiMonth(now));
    if (unfit) throw new CampaignUnfit(unfit);
    const forItsMembers = campaign!.audience.organisationId === organisation.id || isUnder(organisation.path, campaign!.audience.organisationId);
    if (!forItsMembers) throw new CampaignUnfit("it is for members of another union's subtree");
  }
  const benefit: BirthdayBenefit = { organisationId, status: input.status, campaignId, updatedBy: caller.userId, updatedAt: now.toISOString() };
  await deps.birthdays.saveBenefit(benefit);
  return benefit;
}

export async function birthdayBenefitOf(deps: Omit<BenefitDependencies, 'coupons'>, caller: Account, organisationId: string): Promise<BirthdayBenefit> {
  await organisationInScope(caller, organisationId, deps.orgs);
  return (await deps.birthdays.benefit(organisationId)) ?? { organisationId, status: 'off' };
}
