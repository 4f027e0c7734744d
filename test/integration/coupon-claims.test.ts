/**
 * Coupon claims against DynamoDB Local, really concurrent: many claimers, a small quota —
 * never more coupons than the quota, never two for one member, a retry gets the same coupon;
 * a release run twice adds no stock.
 */
import { PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import { DynamoAccountStore } from '../../shared/accounts/account-store-dynamodb';
import { profileKey } from '../../shared/accounts/keys';
import { shanghaiDay } from '../../shared/days';
import { type Campaign } from '../../shared/coupons/campaign';
import { claimCoupon } from '../../shared/coupons/coupon-claim';
import { releaseDueDrops } from '../../shared/coupons/coupon-release';
import { DynamoCouponStore } from '../../shared/coupons/coupon-store-dynamodb';
import { DomainError } from '../../shared/errors';
import { freshTables, localDynamo } from '../support/local-aws';
import { memberAccount, riderDrop } from '../support/fixtures';

const { client, documents } = localDynamo();
let store: DynamoCouponStore;
let accounts: DynamoAccountStore;
let table: string;
let accountsTable: string;
const now = new Date();
const today = shanghaiDay(now);

const member = (n: number): Account =>
  memberAccount(`claimer-${n}`, 'gd/gz/gz-fed/', { name: 'Rider', industry: 'food-delivery', registeredAt: now.toISOString(), membership: { organisationId: 'gz-fed', orgPath: 'gd/gz/gz-fed/', since: now.toISOString() } });

async function campaign(quota: number, shards: number): Promise<Campaign> {
  const c = riderDrop(today, { name: 'Test drop', audience: { industries: ['food-delivery'], organisationId: 'gz', organisationPath: 'gd/gz/', verifiedOnly: true }, dailyQuota: quota, shards });
  await store.createCampaign(c);
  return c;
}

async function couponsOf(campaignId: string) {
  const { Items = [] } = await documents.send(
    new ScanCommand({ TableName: table, FilterExpression: 'campaignId = :c AND begins_with(pk, :coupon)', ExpressionAttributeValues: { ':c': campaignId, ':coupon': 'COUPON#' } }),
  );
  return Items;
}

beforeAll(async () => {
  const nameOf = await freshTables(client);
  table = nameOf('coupons');
  accountsTable = nameOf('accounts');
  store = new DynamoCouponStore(documents, table, accountsTable);
  accounts = new DynamoAccountStore(documents, accountsTable);
});

/** Stores the member's profile as it is now, then claims: the claim's own transaction checks it. */
async function claim(account: Account, campaignId: string) {
  await documents.send(new PutCommand({ TableName: accountsTable, Item: { ...profileKey(account.userId), ...account.member } }));
  return claimCoupon({ coupons: store, accounts }, account.userId, campaignId, now);
}

describe('coupon claims under contention', () => {
  it.each([
    [1, 'one stock counter'],
    [4, 'four stock shards'],
  ])('never oversells nor double-claims with %i (%s)', async (shards) => {
    const quota = 40;
    const c = await campaign(quota, shards);
    await releaseDueDrops(store, now);
    // 150 members, each pressing twice at once: 300 claims in flight.
    const attempts = Array.from({ length: 300 }, (_, i) => member(i % 150));
    const results = await Promise.allSettled(attempts.map((caller) => claim(caller, c.campaignId)));

    const coupons = await couponsOf(c.campaignId);
    expect(coupons).toHaveLength(quota);
    expect(new Set(coupons.map((item) => item.userId)).size).toBe(quota);
    const answers = results.map((r) => (r.status === 'fulfilled' ? 'coupon' : (r.reason as DomainError).code));
    expect(answers.filter((a) => a !== 'coupon' && a !== 'SOLD_OUT' && a !== 'BUSY')).toEqual([]);
    // Everyone who holds a coupon got that same coupon on both presses (or busy on one of them).
    for (const result of results) {
      if (result.status === 'fulfilled') expect(coupons.map((i) => i.code)).toContain(result.value.coupon.code);
    }
    const { remaining } = await store.dayStats(c.campaignId, today);
    expect(remaining).toBe(0);
  });

  it('returns the same coupon to a retry, and answers sold out without another write', async () => {
    const c = await campaign(1, 1);
    await releaseDueDrops(store, now);
    const first = await claim(member(1), c.campaignId);
    const again = await claim(member(1), c.campaignId);
    expect(again).toEqual({ coupon: first.coupon, repeated: true });
    await expect(claim(member(2), c.campaignId)).rejects.toMatchObject({ code: 'SOLD_OUT' });
    const sends: string[] = [];
    const spy = documents.send.bind(documents);
    (documents as unknown as { send: (c: { constructor: { name: string }; input: { TableName?: string } }) => Promise<unknown> }).send = (command) => {
      // The test's own put of the member's profile (see `claim`) is not the claim's.
      if (command.input.TableName !== accountsTable) sends.push(command.constructor.name);
      return spy(command as never);
    };
    await expect(claim(member(3), c.campaignId)).rejects.toMatchObject({ code: 'SOLD_OUT' });
    (documents as unknown as { send: unknown }).send = spy;
    expect(sends.filter((name) => /Put|Update|Transact|Delete/.test(name))).toEqual([]);
  });

  it('adds the stock once however often, or late, the release runs', async () => {
    const c = await campaign(100, 3);
    await Promise.all([releaseDueDrops(store, now), releaseDueDrops(store, now), releaseDueDrops(store, new Date(now.getTime() + 3600_000))]);
    const { Items = [] } = await documents.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :drop', ExpressionAttributeValues: { ':drop': `DROP#${c.campaignId}#${today}` } }),
    );
    expect(Items.filter((i) => String(i.sk).startsWith('SHARD#')).reduce((n, i) => n + Number(i.remaining), 0)).toBe(100);
  });

  it('refuses before the release with the opening time', async () => {
    const c = await campaign(10, 1);
    await expect(claim(member(9), c.campaignId)).rejects.toMatchObject({ code: 'NOT_OPEN_YET' });
  });

  it('says why a member is not eligible', async () => {
    const c = await campaign(10, 1);
    await releaseDueDrops(store, now);
    const unverified = member(20);
    unverified.member!.verified = false;
    await expect(claim(unverified, c.campaignId)).rejects.toMatchObject({ code: 'NOT_ELIGIBLE', details: { reason: expect.stringContaining('verified') } });
    const elsewhere = member(21);
    elsewhere.member!.membership!.orgPath = 'gd/sz/x/';
    await expect(claim(elsewhere, c.campaignId)).rejects.toMatchObject({ code: 'NOT_ELIGIBLE' });
  });

  it('refuses a member the instant her profile stops meeting the audience, and someone with no profile', async () => {
    const c = await campaign(10, 1);
    await releaseDueDrops(store, now);
    const switched = member(30);
    switched.member!.industry = 'courier';
    await expect(claim(switched, c.campaignId)).rejects.toMatchObject({ code: 'NOT_ELIGIBLE', details: { reason: expect.stringContaining('food-delivery') } });
    switched.member!.industry = 'food-delivery';
    expect((await claim(switched, c.campaignId)).repeated).toBe(false);
    await expect(claimCoupon({ coupons: store, accounts }, 'nobody-here', c.campaignId, now)).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
  });
});

describe('an industry change and the drop', () => {
  it('cannot win another industry\'s drop the day of the switch, and counts from the next day', async () => {
    const tomorrowNow = new Date(now.getTime() + 86_400_000);
    const c: Campaign = { ...(await campaign(10, 1)), campaignId: crypto.randomUUID(), lastDay: shanghaiDay(tomorrowNow) };
    await store.createCampaign(c);
    await releaseDueDrops(store, now);
    await releaseDueDrops(store, tomorrowNow);
    const base = member(500);
    // A courier today who asked today to become a food-delivery rider (effective tomorrow).
    const switcher: Account = {
      ...base,
      userId: 'switcher',
      member: { ...base.member!, userId: 'switcher', industry: 'courier', industryChange: { industry: 'food-delivery', effectiveFrom: shanghaiDay(tomorrowNow) } },
    };
    await documents.send(new PutCommand({ TableName: accountsTable, Item: { ...profileKey('switcher'), ...switcher.member } }));
    await expect(claimCoupon({ coupons: store, accounts }, 'switcher', c.campaignId, now)).rejects.toMatchObject({ code: 'NOT_ELIGIBLE' });
    // The stored item still says courier: the claim's own condition applies the change from its day.
    expect((await claimCoupon({ coupons: store, accounts }, 'switcher', c.campaignId, tomorrowNow)).coupon.userId).toBe('switcher');

    // And the other way round: a food-delivery rider leaving the industry keeps today's drop.
    const leaver: Account = {
      ...base,
      userId: 'leaver',
      member: { ...base.member!, userId: 'leaver', industryChange: { industry: 'construction', effectiveFrom: shanghaiDay(tomorrowNow) } },
    };
    await documents.send(new PutCommand({ TableName: accountsTable, Item: { ...profileKey('leaver'), ...leaver.member } }));
    expect((await claimCoupon({ coupons: store, accounts }, 'leaver', c.campaignId, now)).coupon.userId).toBe('leaver');
  });
});
