/**
 * The demo that `npm start` seeds on first start, through the same domain code the API uses: a
 * province, two cities with a county, a town and unions each, a gig-worker federation, members
 * in several states and a user of every role. Tokens: `npm run token -- <user>`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../shared/accounts/account';
import { DynamoAccountStore } from '../shared/accounts/account-store-dynamodb';
import { registerMember } from '../shared/accounts/member-register';
import { joinAsGigWorker } from '../shared/gig-workers/gig-worker-join';
import { joinUnion } from '../shared/members/membership';
import { DynamoMembershipStore } from '../shared/members/membership-store-dynamodb';
import { childPath, type Organisation } from '../shared/organisations/organisation';
import { DynamoOrganisationStore } from '../shared/organisations/organisation-store-dynamodb';
import { DynamoAdminStore } from '../shared/organisations/admin-store-dynamodb';
import { AlreadyAdmin } from '../shared/organisations/admin-errors';
import { hashPii } from '../shared/privacy/pii';
import { DynamoCouponStore } from '../shared/coupons/coupon-store-dynamodb';
import { createCampaign } from '../shared/coupons/campaign-create';
import { outdoorIndustries } from '../shared/accounts/schemas';
import { DynamoIdentityStore } from '../shared/identity/identity-store-dynamodb';
import { LocalIdentityVerifier } from '../shared/identity/identity-verifier';
import { verifyIdentity } from '../shared/identity/identity-verify';
import { shanghaiDay } from '../shared/days';
import { reportProgrammes } from '../shared/subsidies/programme';
import { DynamoSubsidyStore } from '../shared/subsidies/subsidy-store-dynamodb';
import { DynamoNewsStore } from '../shared/news/news-store-dynamodb';
import { publishArticle } from '../shared/news/news';

/** Demo user name → sign-in subject. Any other name gets the subject `local-<name>`, with no account. */
export const demoUsers = {
  operator: 'demo-operator',
  'gd-admin': 'demo-gd-admin',
  'gz-admin': 'demo-gz-admin',
  'sz-admin': 'demo-sz-admin',
  alice: 'demo-alice',
  bob: 'demo-bob',
  carol: 'demo-carol',
  merchant: 'demo-merchant',
} as const;

/**
 * The demo members' phone and ID-card numbers, as they sign up and verify: named once so the PII
 * scan (test/reliability/pii-scan.test.ts) can look for them in clear.
 */
export const demoPersonalNumbers = {
  alice: { phone: '13800138001' },
  bob: { phone: '13900139002', idNumber: '440305199201150031' },
  carol: { phone: '13700137003' },
} as const;

export const subjectOf = (user: string): string =>
  (demoUsers as Record<string, string>)[user] ?? `local-${user.replace(/[^A-Za-z0-9_-]/g, '-')}`;

type OrgSeed = Pick<Organisation, 'id' | 'name' | 'kind' | 'parentId' | 'industry'> &
  Partial<Pick<Organisation, 'autoApprove' | 'federationsOnDemand'>>;

export const demoOrganisations: OrgSeed[] = [
  { id: 'gd', name: 'Guangdong Federation of Trade Unions', kind: 'province' },
  { id: 'gz', name: 'Guangzhou Federation of Trade Unions', kind: 'city', parentId: 'gd', federationsOnDemand: true },
  { id: 'gz-tianhe', name: 'Tianhe District Federation', kind: 'county', parentId: 'gz' },
  { id: 'gz-tianhe-wushan', name: 'Wushan Street Union', kind: 'town', parentId: 'gz-tianhe' },
  { id: 'gz-metro', name: 'Pearl River Metro Workers Union', kind: 'grassroots', parentId: 'gz-tianhe-wushan', autoApprove: true },
  { id: 'sz', name: 'Shenzhen Federation of Trade Unions', kind: 'city', parentId: 'gd' },
  { id: 'sz-nanshan', name: 'Nanshan District Federation', kind: 'county', parentId: 'sz' },
  { id: 'sz-nanshan-yuehai', name: 'Yuehai Street Union', kind: 'town', parentId: 'sz-nanshan' },
  { id: 'sz-bayview', name: 'Bayview Electronics Union', kind: 'grassroots', parentId: 'sz-nanshan-yuehai' },
  { id: 'sz-courier', name: 'Shenzhen Courier Workers Federation', kind: 'industry-federation', parentId: 'sz', industry: 'courier', autoApprove: true },
];

/** The demo's articles: union, title, Markdown body, pinned, published how many minutes before the seed. */
const demoArticles: [string, string, string, boolean, number][] = [
  ['gd', '广东省总工会关于开展2026年“工会送清凉”活动的通知', '## 活动安排\n\n7月至9月，各级工会走访慰问**高温下坚守岗位的户外劳动者**，发放防暑降温物资。\n\n- 每日10:00在“粤工惠”领取清凉券\n- 新就业形态劳动者可就近到驿站休息', true, 600],
  ['gd', '粤工惠上线职工疗休养报名', '全省在职会员可在“粤工惠”报名参加职工疗休养抽签，每人限报一次，结果公开可查。', false, 300],
  ['gz', '广州市总工会举办职工技能大赛', '广州市总工会联合各区工会举办第十届职工技能大赛，设**电工、焊工、网约配送员**等12个项目，欢迎职工报名参赛。', false, 240],
  ['gz-metro', '珠江地铁工会开展职工健康体检', '本月起分批安排会员健康体检，请留意班组通知。', false, 120],
  ['sz', '深圳市总工会发布快递员关爱服务清单', '深圳市总工会发布面向快递员、外卖骑手的十项关爱服务。', false, 60],
];

/** Seeds the demo unless it is already there (checked by the operator's grant, written last). */
export async function seedDemo(
  documents: DynamoDBDocumentClient,
  tableNames: { accounts: string; organisations: string; coupons: string; subsidies: string; news: string },
  now: Date = new Date(),
): Promise<boolean> {
  const accounts = new DynamoAccountStore(documents, tableNames.accounts);
  if ((await accounts.load(demoUsers.operator)).grants.length > 0) return false;
  const orgs = new DynamoOrganisationStore(documents, tableNames.organisations);
  const members = new DynamoMembershipStore(documents, tableNames);
  const coupons = new DynamoCouponStore(documents, tableNames.coupons);

  const byId = new Map<string, Organisation>();
  for (const seed of demoOrganisations) {
    if (await orgs.get(seed.id)) {
      byId.set(seed.id, (await orgs.get(seed.id))!);
      continue;
    }
    const parent = seed.parentId ? byId.get(seed.parentId) : undefined;
    const organisation: Organisation = {
      ...seed,
      path: childPath(parent, seed.id),
      status: 'active',
      autoApprove: seed.autoApprove ?? false,
      memberCount: 0,
      childCount: 0,
      createdAt: now.toISOString(),
    };
    if (!parent) await orgs.createRoot(organisation);
    else if (organisation.kind === 'industry-federation') await orgs.createFederation(organisation);
    else await orgs.create(organisation);
    byId.set(organisation.id, organisation);
  }

  const grant = { grantedAt: now.toISOString(), grantedBy: 'demo-seed' };
  // Admins are appointed as the API appoints them: grant, the union's roster and the change record.
  const admins = new DynamoAdminStore(documents, tableNames);
  for (const [user, organisationId] of [['gd-admin', 'gd'], ['gz-admin', 'gz'], ['sz-admin', 'sz']] as const) {
    const at = now.toISOString();
    await admins
      .appoint({ organisationId, userId: demoUsers[user], appointedAt: at, appointedBy: 'demo-seed' }, { organisationId, at, by: 'demo-seed', event: 'appointed', userId: demoUsers[user] })
      .catch((error: Error) => {
        if (!(error instanceof AlreadyAdmin)) throw error; // a seed interrupted before the end
      });
  }
  await accounts.grant(demoUsers.merchant, { role: 'merchant', merchantId: 'demo-mart', ...grant });

  const signUp = async (userId: string, profile: Parameters<typeof registerMember>[2]): Promise<Account> => {
    const existing = await accounts.load(userId);
    if (!existing.member) await registerMember({ accounts, hashPii }, userId, profile, now);
    return accounts.load(userId);
  };
  // Alice: a metro worker, member of an auto-approving grassroots union in Guangzhou.
  const alice = await signUp(demoUsers.alice, { name: 'Li Ailing', phone: demoPersonalNumbers.alice.phone, industry: 'other', employer: 'Pearl River Metro' });
  if (!alice.member?.membership) await joinUnion({ members, orgs }, alice, 'gz-metro', 'join', now);
  // Bob: a courier who joined through the gig-worker "three in one" and holds the protection.
  const bob = await signUp(demoUsers.bob, { name: 'Chen Bo', phone: demoPersonalNumbers.bob.phone, industry: 'courier', employer: 'Swift Express' });
  if (!bob.member?.membership) await joinAsGigWorker({ orgs, members }, bob, { cityId: 'sz', industry: 'courier' }, now);
  if (!bob.member?.verified) {
    await verifyIdentity(
      { verifier: new LocalIdentityVerifier(), identities: new DynamoIdentityStore(documents, tableNames.accounts), hashPii },
      await accounts.load(demoUsers.bob),
      { name: '陈波', idNumber: demoPersonalNumbers.bob.idNumber },
      now,
    );
  }
  // Carol: waiting for the Bayview union's admins to approve her.
  const carol = await signUp(demoUsers.carol, { name: 'Zhou Ke', phone: demoPersonalNumbers.carol.phone, industry: 'other', employer: 'Bayview Electronics' });
  if (!carol.member?.membership && !carol.member?.request) await joinUnion({ members, orgs }, carol, 'sz-bayview', 'join', now);

  // The summer "cool delivery" campaign: outdoor workers of Guangdong, a drop at 10:00 every day.
  const operator = { userId: demoUsers.operator, grants: [{ role: 'operator' as const, ...grant }] };
  const today = shanghaiDay(now);
  const lastDay = new Date(`${today}T00:00:00Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() + 90);
  await createCampaign({ coupons, orgs }, operator, {
    name: 'Cool Delivery: spend 3, save 2.99',
    audience: { industries: [...outdoorIndustries], organisationId: 'gd', verifiedOnly: true },
    firstDay: today,
    lastDay: lastDay.toISOString().slice(0, 10),
    releaseTime: '10:00',
    dailyQuota: 50_000,
    rule: { thresholdFen: 300, discountFen: 299 },
    validityDays: 7,
    perMemberPerDay: 1,
    perMemberPerCampaign: 30,
    merchants: ['demo-mart'],
  }, now);

  // The report's three subsidy programmes.
  const subsidies = new DynamoSubsidyStore(documents, tableNames.subsidies);
  for (const programme of reportProgrammes(now.toISOString())) {
    if (!(await subsidies.programme(programme.programmeId))) await subsidies.putProgramme(programme);
  }

  // A few articles, so a member's feed shows something: the province's pinned notice, news of
  // Guangzhou and of Alice's union (hers), and of Shenzhen (not hers). None of them has a cover.
  const news = new DynamoNewsStore(documents, tableNames.news);
  if ((await news.bySubtree('gd/', { limit: 1 })).items.length === 0) {
    const noCovers = { uploadUrl: () => Promise.reject(new Error('no covers in the demo')), viewUrl: () => Promise.reject(new Error('no covers in the demo')) };
    const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);
    for (const [organisationId, title, body, pinned, at] of demoArticles) {
      await publishArticle({ news, orgs, covers: noCovers }, operator, organisationId, { title, body, pinned }, minutesAgo(at));
    }
  }

  await accounts.grant(demoUsers.operator, { role: 'operator', ...grant });
  return true;
}
