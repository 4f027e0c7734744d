/** Records several test and bench files build alike: a member, a union tree, a birthday benefit's or a riders' coupon campaign, a claim's body. */
import { randomUUID } from 'node:crypto';
import type { Account, MemberProfile } from '../../shared/accounts/account';
import type { Campaign } from '../../shared/coupons/campaign';
import type { Organisation, OrganisationKind } from '../../shared/organisations/organisation';
import type { OrganisationStore } from '../../shared/organisations/organisation-store';

/** Guangzhou's birthday cake coupon campaign, all 2026, for verified members. */
export const birthdayCampaign = (changes: Partial<Campaign> = {}): Campaign => ({
  campaignId: '6f1c2b1e-9a55-4a8e-9d33-5c7b1e0a2f10',
  name: '生日蛋糕券',
  audience: { industries: ['other'], organisationId: 'gz', organisationPath: 'gd/gz/', verifiedOnly: true },
  firstDay: '2026-01-01',
  lastDay: '2026-12-31',
  releaseTime: '10:00',
  dailyQuota: 1,
  shards: 1,
  rule: { thresholdFen: 5_000, discountFen: 1_000 },
  validityDays: 3,
  perMemberPerDay: 1,
  perMemberPerCampaign: 1,
  merchants: ['cake-shop'],
  createdBy: 'gz-admin',
  createdAt: '2026-01-01T00:00:00Z',
  ...changes,
});

/** A coupon drop of `day` for verified food-delivery riders of Guangdong, opening at midnight. */
export const riderDrop = (day: string, changes: Partial<Campaign> = {}): Campaign => ({
  campaignId: randomUUID(),
  name: '外卖骑手消费券',
  audience: { industries: ['food-delivery'], organisationId: 'gd', organisationPath: 'gd/', verifiedOnly: true },
  firstDay: day,
  lastDay: day,
  releaseTime: '00:00',
  dailyQuota: 100,
  shards: 1,
  rule: { thresholdFen: 300, discountFen: 299 },
  validityDays: 7,
  perMemberPerDay: 1,
  perMemberPerCampaign: 5,
  merchants: ['m'],
  createdBy: 'test',
  createdAt: new Date().toISOString(),
  ...changes,
});

/** A claim on a gig worker's policy for `amountFen`, with one receipt to upload. */
export const claimBody = (policy: { policyNo: string; startsOn: string }, amountFen: number) => ({
  policyNo: policy.policyNo,
  kind: 'accident-medical',
  incidentDate: policy.startsOn,
  amountFen,
  description: 'Slipped on a wet ramp while delivering a parcel; wrist X-ray and a cast.',
  documents: [{ fileName: 'receipt.png', contentType: 'image/png', sizeBytes: 4 }],
});

/** A verified member's profile in the union at `orgPath` (its last segment is the union's id), as her account holds it. */
export const memberProfile = (userId: string, orgPath: string, changes: Partial<MemberProfile> = {}): MemberProfile => ({
  userId,
  name: '会员',
  phoneHash: 'h',
  phoneMasked: 'm',
  industry: 'other',
  verified: true,
  registeredAt: '2026-01-01T00:00:00Z',
  membership: { organisationId: orgPath.split('/').filter(Boolean).at(-1)!, orgPath, since: '2026-01-01T00:00:00Z' },
  ...changes,
});

/** The account the request path gives a member: her profile and no grants. */
export const memberAccount = (userId: string, orgPath: string, changes: Partial<MemberProfile> = {}): Account => ({ userId, grants: [], member: memberProfile(userId, orgPath, changes) });

/** An active union at `path`: its id the path's last segment, its parent the one before, its name the id in capitals. */
export const unionAt = (path: string, kind: OrganisationKind): Organisation => {
  const ids = path.split('/').filter(Boolean);
  const id = ids.at(-1)!;
  return { id, name: id.toUpperCase(), kind, path, ...(ids.length > 1 && { parentId: ids.at(-2) }), status: 'active', autoApprove: true, memberCount: 0, childCount: 0, createdAt: '2026-11-23T00:00:00Z' };
};

/** Writes a union tree to the store, the root first (`tree` lists parents before their children). */
export async function plantTree(orgs: OrganisationStore, tree: Organisation[]): Promise<void> {
  await orgs.createRoot(tree[0]!);
  for (const organisation of tree.slice(1)) await orgs.create(organisation);
}
