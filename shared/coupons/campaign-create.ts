/**
 * An operator, or an admin for their own subtree, defines a coupon campaign.
 *
 * Primary course:
 *  1. The audience's organisation must exist and lie in the caller's scope.
 *  2. Refuse an invalid definition with the field named (discount above threshold, quota ≤ 0, …).
 *  3. Store it with its stock split over enough shards for its daily quota.
 */
import { shanghaiDay } from '../days';
import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account';
import type { Industry } from '../accounts/schemas';
import { ValidationFailed } from '../errors';
import { OrganisationNotFound } from '../organisations/errors';
import type { OrganisationReader } from '../organisations/organisation-store';
import { assertAdministers } from '../organisations/scope';
import { campaignProblems, shardsFor, type Campaign } from './campaign';
import type { CouponStore } from './coupon-store';

export interface CampaignInput {
  name: string;
  audience: { industries: Industry[]; organisationId: string; verifiedOnly: boolean };
  firstDay: string;
  lastDay: string;
  releaseTime: string;
  dailyQuota: number;
  rule: { thresholdFen: number; discountFen: number };
  validityDays: number;
  perMemberPerDay: number;
  perMemberPerCampaign: number;
  merchants: string[];
}

export async function createCampaign(
  deps: { coupons: CouponStore; orgs: OrganisationReader },
  caller: Account,
  input: CampaignInput,
  now: Date = new Date(),
): Promise<Campaign> {
  const organisation = (await deps.orgs.getMany([input.audience.organisationId]))[0];
  if (!organisation) throw new OrganisationNotFound(input.audience.organisationId);
  await assertAdministers(caller, organisation, deps.orgs);
  const problems = campaignProblems(input, shanghaiDay(now));
  if (problems.length > 0) throw new ValidationFailed(problems, 'The campaign is not valid.');
  const campaign: Campaign = {
    ...input,
    campaignId: randomUUID(),
    audience: { ...input.audience, organisationPath: organisation.path },
    shards: shardsFor(input.dailyQuota),
    createdBy: caller.userId,
    createdAt: now.toISOString(),
  };
  await deps.coupons.createCampaign(campaign);
  return campaign;
}
