/**
 * Birthday benefit rules without a database: who switches it on and with which campaign, the
 * month's coupon and notice, and the monthly run through a fake store that keeps the one promise
 * the real one keeps with a conditional write (one benefit per member and month) — repeated runs,
 * a run cut short and carried on, a union below that runs its own, members of other months.
 */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import type { Coupon } from '../../shared/coupons/coupon';
import type { Notice } from '../../shared/inbox/notice';
import type { Organisation } from '../../shared/organisations/organisation';
import { encodeCursor, decodeCursor } from '../../shared/pagination';
import { birthdayBenefitOf, setBirthdayBenefit } from '../../shared/birthdays/benefit-configure';
import { birthdayCoupon, birthdayNotice, endOfMonth, nestedBenefitPaths, shanghaiMonth, type BirthdayBenefit, type BirthdayJob } from '../../shared/birthdays/birthday-benefit';
import { grantBirthdays, queueBirthdayRuns } from '../../shared/birthdays/birthday-run';
import type { BirthdayStore, GrantOutcome } from '../../shared/birthdays/birthday-store';
import { birthdayCampaign } from '../support/fixtures';

const org = (id: string, path: string, status: Organisation['status'] = 'active'): Organisation => ({
  id, name: id, kind: 'grassroots', path, status, autoApprove: true, memberCount: 0, childCount: 0, createdAt: '2026-01-01T00:00:00Z',
  parentId: path.split('/').filter(Boolean).slice(-2, -1)[0],
});
const tree = [org('gd', 'gd/'), org('gz', 'gd/gz/'), org('gz-a', 'gd/gz/gz-a/'), org('gz-b', 'gd/gz/gz-b/'), org('sz', 'gd/sz/'), org('gz-old', 'gd/gz/gz-old/', 'closed')];
const orgs = {
  get: async (id: string) => tree.find((o) => o.id === id),
  getMany: async (ids: string[]) => tree.filter((o) => ids.includes(o.id)),
};

const campaign = birthdayCampaign();
const coupons = { campaign: async (id: string) => (id === campaign.campaignId ? campaign : undefined) };

const admin = (organisationId: string): Account => ({ userId: `${organisationId}-admin`, grants: [{ role: 'admin', organisationId, grantedAt: '', grantedBy: '' }] });

interface FakeMember { userId: string; birthday?: string; verified: boolean; orgPath?: string }

/** The store's promises in memory: a guard per member and month, the profile checked at grant time. */
class FakeBirthdayStore implements BirthdayStore {
  benefits = new Map<string, BirthdayBenefit>();
  guards = new Map<string, string>();
  coupons: Coupon[] = [];
  notices: Notice[] = [];
  constructor(public members: FakeMember[]) {}
  async benefit(id: string) { return this.benefits.get(id); }
  async saveBenefit(b: BirthdayBenefit) { this.benefits.set(b.organisationId, b); }
  async benefitsOn() { return [...this.benefits.values()].filter((b) => b.status === 'on'); }
  async bornIn(orgPath: string, mm: string, page: { limit: number; cursor?: string }, excluding: string[]) {
    const listed = this.members
      .filter((m) => m.verified && m.orgPath?.startsWith(orgPath) && m.birthday?.slice(5, 7) === mm && !excluding.some((p) => m.orgPath!.startsWith(p)))
      .sort((a, b) => a.userId.localeCompare(b.userId));
    const start = page.cursor ? Number(decodeCursor(page.cursor)!.at) : 0;
    const items = listed.slice(start, start + page.limit).map((m) => ({ userId: m.userId, birthday: m.birthday!, orgPath: m.orgPath! }));
    return { items, cursor: start + page.limit < listed.length ? encodeCursor({ at: start + page.limit }) : undefined };
  }
  async grant({ coupon, notice, month, organisationId }: { coupon: Coupon; notice: Notice; month: string; organisationId: string }): Promise<GrantOutcome> {
    const key = `${coupon.userId}#${month}`;
    if (this.guards.has(key)) return 'already-granted';
    const member = this.members.find((m) => m.userId === coupon.userId);
    if (!member?.verified || member.birthday?.slice(5, 7) !== month.slice(5, 7) || !member.orgPath?.split('/').includes(organisationId)) return 'not-eligible';
    this.guards.set(key, coupon.code);
    this.coupons.push(coupon);
    this.notices.push(notice);
    return 'granted';
  }
  couponsOf = (userId: string) => this.coupons.filter((c) => c.userId === userId);
}

const MARCH = new Date('2026-02-28T16:05:00Z'); // 2026-03-01 00:05 in Shanghai

describe('the month, its coupon and its notice', () => {
  it('takes the Shanghai month and the end of it', () => {
    expect(shanghaiMonth(MARCH)).toBe('2026-03');
    expect(shanghaiMonth(new Date('2026-02-28T15:59:59Z'))).toBe('2026-02');
    expect(endOfMonth('2026-02')).toBe('2026-02-28T15:59:59.999Z');
    expect(endOfMonth('2026-12')).toBe('2026-12-31T15:59:59.999Z');
  });

  it("gives the campaign's rule and merchants, valid to the month's end, with a notice whose id is the month's", () => {
    const coupon = birthdayCoupon(campaign, 'ann', '2026-03', MARCH);
    expect(coupon).toMatchObject({ userId: 'ann', campaignId: campaign.campaignId, rule: campaign.rule, merchants: ['cake-shop'], day: '2026-03-01', validUntil: '2026-03-31T15:59:59.999Z', status: 'valid', benefit: 'birthday' });
    const notice = birthdayNotice(coupon, '2026-03');
    expect(notice).toMatchObject({ userId: 'ann', noticeId: 'birthday#2026-03', kind: 'birthday-benefit', at: '2026-02-28T16:00:00.000Z' });
    expect(birthdayNotice(birthdayCoupon(campaign, 'ann', '2026-03', new Date()), '2026-03').noticeId).toBe(notice.noticeId);
  });

  it('leaves unions below that run their own benefit to them', () => {
    expect(nestedBenefitPaths('gd/gz/', ['gd/gz/', 'gd/gz/gz-a/', 'gd/sz/', 'gd/gz2/'])).toEqual(['gd/gz/gz-a/']);
  });
});

describe('switching the benefit on', () => {
  const store = () => new FakeBirthdayStore([]);

  it('an admin of the union or above, with a campaign for its members', async () => {
    const birthdays = store();
    const benefit = await setBirthdayBenefit({ birthdays, coupons, orgs }, admin('gz'), 'gz-a', { status: 'on', campaignId: campaign.campaignId }, MARCH);
    expect(benefit).toMatchObject({ organisationId: 'gz-a', status: 'on', campaignId: campaign.campaignId, updatedBy: 'gz-admin' });
    expect(await birthdayBenefitOf({ birthdays, orgs }, admin('gz-a'), 'gz-a')).toEqual(benefit);
    // Off keeps the campaign; on again needs no campaign named.
    await setBirthdayBenefit({ birthdays, coupons, orgs }, admin('gz-a'), 'gz-a', { status: 'off' }, MARCH);
    expect(await setBirthdayBenefit({ birthdays, coupons, orgs }, admin('gz-a'), 'gz-a', { status: 'on' }, MARCH)).toMatchObject({ status: 'on', campaignId: campaign.campaignId });
  });

  it('never for an admin of another city, nor to read it', async () => {
    const birthdays = store();
    await expect(setBirthdayBenefit({ birthdays, coupons, orgs }, admin('sz'), 'gz-a', { status: 'on', campaignId: campaign.campaignId })).rejects.toMatchObject({ code: 'NOT_IN_SCOPE' });
    await expect(birthdayBenefitOf({ birthdays, orgs }, admin('sz'), 'gz-a')).rejects.toMatchObject({ code: 'NOT_IN_SCOPE' });
    expect(birthdays.benefits.size).toBe(0);
  });

  it('refuses a campaign for other members, an ended or unknown one, no campaign, a closed union', async () => {
    const birthdays = store();
    const operator: Account = { userId: 'op', grants: [{ role: 'operator', grantedAt: '', grantedBy: '' }] };
    await expect(setBirthdayBenefit({ birthdays, coupons, orgs }, operator, 'sz', { status: 'on', campaignId: campaign.campaignId })).rejects.toMatchObject({ code: 'CAMPAIGN_UNFIT' });
    await expect(setBirthdayBenefit({ birthdays, coupons, orgs }, operator, 'gz', { status: 'on', campaignId: campaign.campaignId }, new Date('2027-01-05T00:00:00Z'))).rejects.toMatchObject({ code: 'CAMPAIGN_UNFIT' });
    await expect(setBirthdayBenefit({ birthdays, coupons, orgs }, operator, 'gz', { status: 'on', campaignId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'CAMPAIGN_UNFIT' });
    await expect(setBirthdayBenefit({ birthdays, coupons, orgs }, operator, 'gz', { status: 'on' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(setBirthdayBenefit({ birthdays, coupons, orgs }, operator, 'gz-old', { status: 'on', campaignId: campaign.campaignId })).rejects.toMatchObject({ code: 'ORGANISATION_CLOSED' });
    await expect(setBirthdayBenefit({ birthdays, coupons, orgs }, operator, 'nowhere', { status: 'on', campaignId: campaign.campaignId })).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND' });
  });
});

describe('the monthly run', () => {
  const members = (): FakeMember[] => [
    ...Array.from({ length: 7 }, (_, i) => ({ userId: `m${i}`, birthday: `199${i}-03-1${i}`, verified: true, orgPath: i % 2 ? 'gd/gz/gz-a/' : 'gd/gz/gz-b/' })),
    { userId: 'april', birthday: '1990-04-02', verified: true, orgPath: 'gd/gz/gz-a/' },
    { userId: 'unverified', birthday: '1990-03-02', verified: false, orgPath: 'gd/gz/gz-a/' },
    { userId: 'shenzhen', birthday: '1990-03-02', verified: true, orgPath: 'gd/sz/' },
    { userId: 'no-union', birthday: '1990-03-02', verified: true },
  ];

  async function setUp(pageSize = 100) {
    const birthdays = new FakeBirthdayStore(members());
    await birthdays.saveBenefit({ organisationId: 'gz', status: 'on', campaignId: campaign.campaignId });
    const queued: BirthdayJob[] = [];
    const deps = { birthdays, coupons, orgs, continueLater: async (job: BirthdayJob) => void queued.push(job), pageSize };
    return { birthdays, queued, deps };
  }

  /** Runs the queue to empty, as the worker would. */
  async function drain(deps: Parameters<typeof grantBirthdays>[0], queued: BirthdayJob[], deadline: () => number) {
    let messages = 0;
    while (queued.length > 0) {
      await grantBirthdays(deps, queued.shift()!, deadline(), MARCH);
      messages++;
    }
    return messages;
  }

  it('fans out one message per union that switched it on, for the month it was scheduled in', async () => {
    const { birthdays, queued } = await setUp();
    await birthdays.saveBenefit({ organisationId: 'sz', status: 'off', campaignId: campaign.campaignId });
    expect(await queueBirthdayRuns({ birthdays, queue: async (job) => void queued.push(job) }, MARCH)).toEqual({ month: '2026-03', unions: 1 });
    expect(queued).toEqual([{ organisationId: 'gz', month: '2026-03' }]);
  });

  it("gives each verified member born that month one coupon and one notice, and nobody else anything", async () => {
    const { birthdays, deps } = await setUp();
    expect(await grantBirthdays(deps, { organisationId: 'gz', month: '2026-03' }, Date.now() + 60_000, MARCH)).toMatchObject({ granted: 7, done: true });
    expect(birthdays.coupons.map((c) => c.userId).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(birthdays.notices).toHaveLength(7);
  });

  it('run twice, gives nothing twice', async () => {
    const { birthdays, deps } = await setUp();
    await grantBirthdays(deps, { organisationId: 'gz', month: '2026-03' }, Date.now() + 60_000, MARCH);
    expect(await grantBirthdays(deps, { organisationId: 'gz', month: '2026-03' }, Date.now() + 60_000, MARCH)).toMatchObject({ granted: 0, alreadyGranted: 7 });
    expect(birthdays.coupons).toHaveLength(7);
  });

  it('out of time, carries on in a new message from its cursor (a page per message at least), to one each', async () => {
    const { birthdays, queued, deps } = await setUp(2);
    queued.push({ organisationId: 'gz', month: '2026-03' });
    const messages = await drain(deps, queued, () => Date.now() - 1);
    expect(messages).toBe(4);
    expect(birthdays.coupons).toHaveLength(7);
    expect(new Set(birthdays.coupons.map((c) => c.userId)).size).toBe(7);
  });

  it('killed half-way (the message comes again from where it was) and rerun as a whole, still one each', async () => {
    const { birthdays, queued, deps } = await setUp(3);
    let grants = 0;
    const dying = { ...deps, birthdays: Object.assign(Object.create(birthdays), { grant: async (g: Parameters<BirthdayStore['grant']>[0]) => {
      if (++grants === 5) throw new Error('Lambda timed out');
      return birthdays.grant(g);
    } }) };
    const job = { organisationId: 'gz', month: '2026-03' };
    // The first message grants a page, queues the rest and... the second dies in its middle.
    await grantBirthdays(dying, job, Date.now() - 1, MARCH);
    const second = queued.shift()!;
    await expect(grantBirthdays(dying, second, Date.now() - 1, MARCH)).rejects.toThrow('timed out');
    expect(birthdays.coupons).toHaveLength(4);
    // SQS delivers the same message again; and someone reruns the whole month besides.
    queued.push(second, job);
    await drain(deps, queued, () => Date.now() + 60_000);
    expect(birthdays.coupons).toHaveLength(7);
    expect(new Set(birthdays.coupons.map((c) => c.userId)).size).toBe(7);
  });

  it('leaves the members of a union below that runs its own to that union, still one each', async () => {
    const { birthdays, deps } = await setUp();
    await birthdays.saveBenefit({ organisationId: 'gz-a', status: 'on', campaignId: campaign.campaignId });
    const city = await grantBirthdays(deps, { organisationId: 'gz', month: '2026-03' }, Date.now() + 60_000, MARCH);
    const union = await grantBirthdays(deps, { organisationId: 'gz-a', month: '2026-03' }, Date.now() + 60_000, MARCH);
    expect([city.granted, union.granted]).toEqual([4, 3]);
    expect(birthdays.coupons).toHaveLength(7);
  });

  it('gives nothing once switched off, with its campaign ended, or for a closed union', async () => {
    const { birthdays, deps } = await setUp();
    await birthdays.saveBenefit({ organisationId: 'gz', status: 'off', campaignId: campaign.campaignId });
    expect(await grantBirthdays(deps, { organisationId: 'gz', month: '2026-03' }, Date.now() + 60_000)).toMatchObject({ granted: 0, skipped: 'the benefit is off' });
    await birthdays.saveBenefit({ organisationId: 'gz', status: 'on', campaignId: campaign.campaignId });
    expect(await grantBirthdays(deps, { organisationId: 'gz', month: '2027-03' }, Date.now() + 60_000)).toMatchObject({ granted: 0, skipped: 'the campaign ended on 2026-12-31' });
    await birthdays.saveBenefit({ organisationId: 'gz-old', status: 'on', campaignId: campaign.campaignId });
    expect(await grantBirthdays(deps, { organisationId: 'gz-old', month: '2026-03' }, Date.now() + 60_000)).toMatchObject({ granted: 0, skipped: 'the union is closed' });
    expect(birthdays.coupons).toHaveLength(0);
  });
});
