/**
 * The birthday benefit against DynamoDB Local: the birthday index follows verification, joining,
 * leaving and subtree moves; the monthly run gives each member born that month exactly one coupon
 * and one notice — run twice, cut short and carried on, or three runs at once, really concurrent.
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountStore } from '../../shared/accounts/account-store-dynamodb';
import { registerMember } from '../../shared/accounts/member-register';
import { birthMonthPartition } from '../../shared/accounts/keys';
import type { BirthdayJob } from '../../shared/birthdays/birthday-benefit';
import { grantBirthdays } from '../../shared/birthdays/birthday-run';
import { DynamoBirthdayStore } from '../../shared/birthdays/birthday-store-dynamodb';
import { DynamoCouponStore } from '../../shared/coupons/coupon-store-dynamodb';
import { DynamoIdentityStore } from '../../shared/identity/identity-store-dynamodb';
import { DynamoInboxStore } from '../../shared/inbox/inbox-store-dynamodb';
import { joinUnion, leaveUnion } from '../../shared/members/membership';
import { DynamoMembershipStore } from '../../shared/members/membership-store-dynamodb';
import { DynamoOrganisationStore } from '../../shared/organisations/organisation-store-dynamodb';
import { hmacPii } from '../../shared/privacy/pii';
import { freshTables, localDynamo } from '../support/local-aws';
import { birthdayCampaign, plantTree, unionAt } from '../support/fixtures';

const { client, documents } = localDynamo();
let orgs: DynamoOrganisationStore;
let members: DynamoMembershipStore;
let accounts: DynamoAccountStore;
let identities: DynamoIdentityStore;
let birthdays: DynamoBirthdayStore;
let coupons: DynamoCouponStore;
let inbox: DynamoInboxStore;
let tables: { accounts: string; organisations: string; coupons: string; inbox: string };
const hashPii = async (kind: 'phone' | 'id-number', value: string) => hmacPii('k', kind, value);
const MARCH = new Date('2026-02-28T16:05:00Z');

const campaign = birthdayCampaign({ campaignId: crypto.randomUUID(), createdBy: 'op' });

let registered = 0;

/** A member registered, joined to `union`, and (unless not) verified (her ID card fixing `birthday`). */
async function member(userId: string, union: string, birthday: string, verify = true) {
  const n = ++registered;
  await registerMember({ accounts, hashPii }, userId, { name: '李四', phone: `139${String(n).padStart(8, '0')}`, industry: 'other', birthday });
  await joinUnion({ members, orgs }, await accounts.load(userId), union, 'join');
  if (verify) {
    await identities.claim({ userId, name: '李四', idNumberHash: `id-${userId}`, idNumberMasked: '4401**********123X', birthday, verifiedAt: '2026-01-01T00:00:00Z' });
  }
}

const bornInMarchUnder = async (path: string) => {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tables.accounts,
      IndexName: 'byBirthMonth',
      KeyConditionExpression: 'gsi3pk = :p AND begins_with(gsi3sk, :path)',
      ExpressionAttributeValues: { ':p': birthMonthPartition(path, '03'), ':path': path },
    }),
  );
  return Items.map((i) => i.userId as string).sort();
};

async function birthdayCoupons() {
  const { Items = [] } = await documents.send(
    new ScanCommand({ TableName: tables.coupons, FilterExpression: 'benefit = :b AND begins_with(pk, :c)', ExpressionAttributeValues: { ':b': 'birthday', ':c': 'COUPON#' } }),
  );
  return Items;
}

beforeAll(async () => {
  const nameOf = await freshTables(client);
  tables = { accounts: nameOf('accounts'), organisations: nameOf('organisations'), coupons: nameOf('coupons'), inbox: nameOf('inbox') };
  orgs = new DynamoOrganisationStore(documents, tables.organisations);
  members = new DynamoMembershipStore(documents, tables);
  accounts = new DynamoAccountStore(documents, tables.accounts);
  identities = new DynamoIdentityStore(documents, tables.accounts);
  birthdays = new DynamoBirthdayStore(documents, tables);
  coupons = new DynamoCouponStore(documents, tables.coupons);
  inbox = new DynamoInboxStore(documents, tables.inbox);
  await plantTree(orgs, [
    unionAt('gd/', 'province'),
    unionAt('gd/gz/', 'city'),
    unionAt('gd/sz/', 'city'),
    unionAt('gd/gz/c1/', 'county'),
    ...['gd/gz/c1/u1/', 'gd/gz/c1/u2/', 'gd/sz/u3/'].map((path) => unionAt(path, 'grassroots')),
  ]);
  await coupons.createCampaign(campaign);
});

describe('the birthday index', () => {
  it('lists a member once verified and in a union; follows her union; drops her when she leaves', async () => {
    await member('idx1', 'u1', '1990-03-08', false);
    expect(await bornInMarchUnder('gd/gz/')).toEqual([]);
    await identities.claim({ userId: 'idx1', name: '李四', idNumberHash: 'id-idx1', idNumberMasked: 'x', birthday: '1990-03-08', verifiedAt: '2026-01-01T00:00:00Z' });
    expect(await bornInMarchUnder('gd/gz/c1/u1/')).toEqual(['idx1']);
    await leaveUnion({ members, orgs }, await accounts.load('idx1'));
    expect(await bornInMarchUnder('gd/gz/')).toEqual([]);
    await joinUnion({ members, orgs }, await accounts.load('idx1'), 'u2', 'join');
    expect(await bornInMarchUnder('gd/gz/c1/u2/')).toEqual(['idx1']);
    // A subtree move re-paths her index entry with her membership.
    await members.rePathMembers('gd/gz/c1/', 'gd/gz/c9/', Date.now() + 30_000);
    expect(await bornInMarchUnder('gd/gz/c1/')).toEqual([]);
    expect(await bornInMarchUnder('gd/gz/c9/u2/')).toEqual(['idx1']);
    await members.rePathMembers('gd/gz/c9/', 'gd/gz/c1/', Date.now() + 30_000);
    await leaveUnion({ members, orgs }, await accounts.load('idx1'));
  });
});

describe('the monthly run', () => {
  const job: BirthdayJob = { organisationId: 'gz', month: '2026-03' };
  const march = Array.from({ length: 12 }, (_, i) => `mar${i}`);

  beforeAll(async () => {
    await Promise.all(march.map((id, i) => member(id, i % 2 ? 'u1' : 'u2', `19${80 + i}-03-${String(i + 1).padStart(2, '0')}`)));
    await member('apr1', 'u1', '1990-04-01');
    await member('unverified1', 'u1', '1990-03-01', false);
    await member('sz1', 'u3', '1990-03-01');
    await birthdays.saveBenefit({ organisationId: 'gz', status: 'on', campaignId: campaign.campaignId });
  });

  const run = async (queued: BirthdayJob[], deadline: () => number, pageSize = 5) => {
    const deps = { birthdays, coupons, orgs, continueLater: async (next: BirthdayJob) => void queued.push(next), pageSize };
    while (queued.length > 0) await grantBirthdays(deps, queued.shift()!, deadline(), MARCH);
  };

  it('cut short at once (deadline past) it carries on page by page; rerun, run three times at once: one coupon and one notice each', async () => {
    // Killed half-way: every message does one page and queues the rest.
    const queued = [job];
    const deps = { birthdays, coupons, orgs, continueLater: async (next: BirthdayJob) => void queued.push(next), pageSize: 5 };
    const first = await grantBirthdays(deps, queued.shift()!, Date.now() - 1, MARCH);
    expect(first).toMatchObject({ granted: 5, done: false });
    expect(queued).toHaveLength(1);
    expect((await birthdayCoupons())).toHaveLength(5);

    // The continuation, a rerun of the whole month, and two more overlapping runs, all at once.
    await Promise.all([run(queued, () => Date.now() - 1), run([job], () => Date.now() + 60_000, 3), run([job], () => Date.now() + 60_000, 7), run([job], () => Date.now() - 1, 2)]);

    const given = await birthdayCoupons();
    expect(given.map((c) => c.userId).sort()).toEqual([...march].sort());
    for (const coupon of given) expect(coupon).toMatchObject({ campaignId: campaign.campaignId, validUntil: '2026-03-31T15:59:59.999Z', rule: campaign.rule, status: 'valid' });
    for (const id of march) {
      const notices = await inbox.notices(id, { limit: 10 });
      expect(notices.items.map((n) => n.noticeId), id).toEqual(['birthday#2026-03']);
      expect(await inbox.unread(id), id).toBe(1);
      expect((await coupons.couponsOf(id, { limit: 10 })).items).toHaveLength(1);
    }
    // Another month's member, an unverified one and another city's: nothing.
    for (const id of ['apr1', 'unverified1', 'sz1']) expect((await coupons.couponsOf(id, { limit: 10 })).items, id).toHaveLength(0);
  });

  it('leaves a member who left since the index listed her without one (checked in the grant itself)', async () => {
    await member('late1', 'u1', '1991-03-03');
    await leaveUnion({ members, orgs }, await accounts.load('late1'));
    const outcome = await birthdays.grant({
      coupon: { code: 'ZZZZZZZZZZZZ', campaignId: campaign.campaignId, campaignName: 'x', day: '2026-03-01', userId: 'late1', rule: campaign.rule, merchants: [], issuedAt: MARCH.toISOString(), validUntil: '2026-03-31T15:59:59.999Z', status: 'valid', benefit: 'birthday' },
      notice: { userId: 'late1', noticeId: 'birthday#2026-03', kind: 'birthday-benefit', at: MARCH.toISOString(), facts: {} },
      month: '2026-03',
      organisationId: 'gz',
    });
    expect(outcome).toBe('not-eligible');
    expect((await coupons.couponsOf('late1', { limit: 10 })).items).toHaveLength(0);
  });
});
