/**
 * The coupon drop over HTTP: campaigns refused with the field named, scope, "not open yet",
 * claims, the same coupon again on a retry, sold out, redemption exactly once and its reversal,
 * and the day's figures.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { shanghaiDay } from '../../shared/days';
import { releaseDueDrops } from '../../shared/coupons/coupon-release';
import { DynamoCouponStore } from '../../shared/coupons/coupon-store-dynamodb';
import { call } from '../support/api';
import { residentId } from '../support/resident-ids';
import { uniquePhone } from '../support/phones';

const today = shanghaiDay(new Date());
const inAMonth = shanghaiDay(new Date(Date.now() + 30 * 86400_000));

const campaign = (overrides: Record<string, unknown> = {}) => ({
  name: `Cool delivery ${randomUUID().slice(0, 6)}`,
  audience: { industries: ['courier', 'food-delivery'], organisationId: 'gz', verifiedOnly: true },
  firstDay: today,
  lastDay: inAMonth,
  releaseTime: '00:00',
  dailyQuota: 2,
  rule: { thresholdFen: 300, discountFen: 299 },
  validityDays: 7,
  perMemberPerDay: 1,
  perMemberPerCampaign: 30,
  merchants: ['demo-mart'],
  ...overrides,
});

/** The release the every-minute schedule runs, run now against the runtime's table. */
async function releaseNow() {
  const client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: localRegion, credentials: localCredentials });
  return releaseDueDrops(new DynamoCouponStore(DynamoDBDocumentClient.from(client), 'coupons'), new Date());
}

async function verifiedRider() {
  const user = `rider-${randomUUID().slice(0, 8)}`;
  await call('POST', '/members', { user, body: { name: 'Rider', phone: uniquePhone(), industry: 'food-delivery' } });
  expect((await call('POST', '/gig-workers/join', { user, body: { cityId: 'gz', industry: 'food-delivery' } })).status).toBe(201);
  expect((await call('POST', '/me/verification', { user, body: { name: '骑手', idNumber: residentId('19960606') } })).status).toBe(200);
  return user;
}

describe('campaigns', () => {
  it('refuses an invalid campaign with every field at fault', async () => {
    const response = await call('POST', '/campaigns', {
      user: 'gz-admin',
      body: campaign({ rule: { thresholdFen: 300, discountFen: 301 }, dailyQuota: 0, lastDay: '2020-01-01' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.dailyQuota', 'body.lastDay', 'body.lastDay', 'body.rule.discountFen']);
  });

  it('lets an admin run campaigns only for their own subtree', async () => {
    const response = await call('POST', '/campaigns', { user: 'gz-admin', body: campaign({ audience: { industries: ['courier'], organisationId: 'sz', verifiedOnly: true } }) });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('NOT_IN_SCOPE');
    expect((await call('POST', '/campaigns', { user: 'alice', body: campaign() })).status).toBe(403);
  });

  it('shows admins who created a campaign, members only what it offers', async () => {
    const created = await call('POST', '/campaigns', { user: 'gz-admin', body: campaign() });
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe('demo-gz-admin');
    expect(created.body.audience).toEqual({ industries: ['courier', 'food-delivery'], organisationId: 'gz', verifiedOnly: true });
    const listed = (await call('GET', '/campaigns', { user: 'alice' })).body.items.find((c: { campaignId: string }) => c.campaignId === created.body.campaignId);
    expect(listed).toBeDefined();
    expect(listed.createdBy).toBeUndefined();
    expect(listed.audience.organisationPath).toBeUndefined();
    expect(JSON.stringify(listed)).not.toContain('demo-gz-admin');
  });
});

describe('claiming the daily drop', () => {
  it('says when it opens, then gives one coupon per member, the same again on a retry, and sells out', async () => {
    const created = await call('POST', '/campaigns', { user: 'gz-admin', body: campaign({ releaseTime: '23:59' }) });
    expect(created.status).toBe(201);
    const rider = await verifiedRider();
    const early = await call('POST', `/campaigns/${created.body.campaignId}/claims`, { user: rider });
    if (shanghaiDay(new Date(Date.now() + 60_000)) === today) {
      expect(early.status).toBe(425);
      expect(early.body).toMatchObject({ code: 'NOT_OPEN_YET', opensAt: `${today}T15:59:00.000Z` });
      expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
    }

    const open = await call('POST', '/campaigns', { user: 'gz-admin', body: campaign() });
    const id = open.body.campaignId;
    expect((await releaseNow()).released).toContain(id);
    const [a, b, c] = [rider, await verifiedRider(), await verifiedRider()];
    const first = await call('POST', `/campaigns/${id}/claims`, { user: a });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ rule: { thresholdFen: 300, discountFen: 299 }, status: 'valid', day: today });
    const again = await call('POST', `/campaigns/${id}/claims`, { user: a });
    expect(again.status).toBe(200);
    expect(again.body.code).toBe(first.body.code);
    expect((await call('POST', `/campaigns/${id}/claims`, { user: b })).status).toBe(201);
    const late = await call('POST', `/campaigns/${id}/claims`, { user: c });
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('SOLD_OUT');

    const figures = await call('GET', `/campaigns/${id}/days/${today}`, { user: 'gz-admin' });
    expect(figures.body).toMatchObject({ released: 2, claimed: 2, redeemed: 0, expired: 0, soldOut: true });
    // Another subtree's campaign is answered as an unknown one.
    const outside = await call('GET', `/campaigns/${id}/days/${today}`, { user: 'sz-admin' });
    const unknown = await call('GET', `/campaigns/${randomUUID()}/days/${today}`, { user: 'sz-admin' });
    expect(outside.status).toBe(404);
    expect([outside.body.code, outside.body.detail]).toEqual([unknown.body.code, unknown.body.detail]);
  });

  it('tells a member why she is not eligible', async () => {
    const open = await call('POST', '/campaigns', { user: 'gz-admin', body: campaign() });
    await releaseNow();
    const unverified = `rider-${randomUUID().slice(0, 8)}`;
    await call('POST', '/members', { user: unverified, body: { name: 'Rider', phone: uniquePhone(), industry: 'food-delivery' } });
    await call('POST', '/gig-workers/join', { user: unverified, body: { cityId: 'gz', industry: 'food-delivery' } });
    const response = await call('POST', `/campaigns/${open.body.campaignId}/claims`, { user: unverified });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect(response.body.reason).toContain('verified');
  });
});

describe('redeeming', () => {
  it('redeems once against an order at the threshold, reverses within the window, lists states', async () => {
    const open = await call('POST', '/campaigns', { user: 'gz-admin', body: campaign({ dailyQuota: 5 }) });
    await releaseNow();
    const rider = await verifiedRider();
    const coupon = (await call('POST', `/campaigns/${open.body.campaignId}/claims`, { user: rider })).body;

    const small = await call('POST', `/coupons/${coupon.code}/redeem`, { user: 'merchant', body: { orderFen: 299 } });
    expect(small.status).toBe(409);
    const paid = await call('POST', `/coupons/${coupon.code}/redeem`, { user: 'merchant', body: { orderFen: 300 } });
    expect(paid.body).toMatchObject({ status: 'redeemed', payableFen: 1 });
    const twice = await Promise.all([1, 2].map(() => call('POST', `/coupons/${coupon.code}/redeem`, { user: 'merchant', body: { orderFen: 1000 } })));
    expect(twice.map((r) => r.status)).toEqual([409, 409]);
    expect((await call('POST', `/coupons/${coupon.code}/redeem`, { user: rider, body: { orderFen: 1000 } })).status).toBe(403);

    let mine = await call('GET', '/me/coupons', { user: rider });
    expect(mine.body.items[0]).toMatchObject({ code: coupon.code, status: 'redeemed' });
    expect((await call('GET', `/campaigns/${open.body.campaignId}/days/${today}`, { user: 'operator' })).body.redeemed).toBe(1);

    expect((await call('POST', `/coupons/${coupon.code}/reverse`, { user: 'merchant' })).body.status).toBe('valid');
    expect((await call('POST', `/coupons/${coupon.code}/reverse`, { user: 'merchant' })).status).toBe(409);
    mine = await call('GET', '/me/coupons', { user: rider });
    expect(mine.body.items[0].status).toBe('valid');
    expect((await call('GET', `/campaigns/${open.body.campaignId}/days/${today}`, { user: 'operator' })).body.redeemed).toBe(0);
  });
});
