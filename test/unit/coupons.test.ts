/**
 * Coupon rules without a database: who may claim, a campaign's problems by field, when a day's
 * drop opens and until when its coupons are valid, how stock is sharded, and redemption at the
 * till (once, at an accepting merchant, within validity and threshold; reversal by the same
 * merchant within the window) through a fake CouponStore.
 */
import { describe, expect, it } from 'vitest';
import type { Account, MemberProfile } from '../../shared/accounts/account';
import { campaignProblems, ineligibility, opensAt, shardsFor, validUntil, type Campaign } from '../../shared/coupons/campaign';
import type { Coupon } from '../../shared/coupons/coupon';
import { redeemCoupon, REVERSAL_WINDOW_MINUTES, reverseRedemption } from '../../shared/coupons/coupon-redeem';
import type { CouponStore } from '../../shared/coupons/coupon-store';
import { memberProfile } from '../support/fixtures';

const campaign: Campaign = {
  campaignId: 'cool-2026',
  name: 'Cool delivery',
  audience: { industries: ['courier', 'food-delivery'], organisationId: 'gz', organisationPath: 'gd/gz/', verifiedOnly: true },
  firstDay: '2026-07-01',
  lastDay: '2026-08-31',
  releaseTime: '10:00',
  dailyQuota: 50_000,
  shards: 90,
  rule: { thresholdFen: 3_000, discountFen: 1_000 },
  validityDays: 3,
  perMemberPerDay: 1,
  perMemberPerCampaign: 10,
  merchants: ['demo-mart'],
  createdBy: 'operator',
  createdAt: '2026-06-01T00:00:00Z',
};

const member: MemberProfile = memberProfile('alice', 'gd/gz/gz-tianhe/', { name: 'Alice', phoneMasked: '137****5678', industry: 'courier', membership: { organisationId: 'gz-tianhe', orgPath: 'gd/gz/gz-tianhe/', since: '2026-01-02T00:00:00Z' } });

describe('who may claim', () => {
  it('a verified member in an audience industry, in a union under the audience organisation', () => {
    expect(ineligibility(campaign, member)).toBeUndefined();
    expect(ineligibility(campaign, { ...member, industry: 'food-delivery' })).toBeUndefined();
    expect(ineligibility({ ...campaign, audience: { ...campaign.audience, verifiedOnly: false } }, { ...member, verified: false })).toBeUndefined();
  });

  it('names the first rule a member fails', () => {
    expect(ineligibility(campaign, undefined)).toMatch(/sign up first/);
    expect(ineligibility(campaign, { ...member, verified: false })).toMatch(/verified real name/);
    expect(ineligibility(campaign, { ...member, industry: 'construction' })).toBe('this campaign is for members working in: courier, food-delivery');
    expect(ineligibility(campaign, { ...member, membership: undefined })).toMatch(/join one first/);
    expect(ineligibility(campaign, { ...member, membership: { ...member.membership!, orgPath: 'gd/sz/sz-futian/' } })).toMatch(/under another federation/);
    // Unverified and in the wrong industry: the verification is named first.
    expect(ineligibility(campaign, { ...member, verified: false, industry: 'other' })).toMatch(/verified real name/);
  });

  it('takes "under" by path: a sibling whose id shares a prefix is not under', () => {
    expect(ineligibility(campaign, { ...member, membership: { ...member.membership!, orgPath: 'gd/gz2/x/' } })).toMatch(/under another federation/);
    expect(ineligibility(campaign, { ...member, membership: { ...member.membership!, orgPath: 'gd/gz/' } })).toBeUndefined();
  });
});

describe('a campaign definition', () => {
  const { campaignId: _id, createdBy: _by, createdAt: _at, shards: _shards, ...input } = campaign;

  it('has no problems when it is consistent', () => {
    expect(campaignProblems(input, '2026-06-15')).toEqual([]);
  });

  it('names each problem by its field', () => {
    const problems = campaignProblems(
      {
        ...input,
        rule: { thresholdFen: 1_000, discountFen: 1_500 },
        dailyQuota: 0,
        firstDay: '2026-05-10',
        lastDay: '2026-05-01',
        perMemberPerDay: 3,
        perMemberPerCampaign: 2,
        audience: { ...input.audience, industries: [] },
      },
      '2026-06-15',
    );
    expect(problems).toEqual([
      { field: 'body.rule.discountFen', message: 'cannot exceed the threshold', zh: '不得超过使用门槛' },
      { field: 'body.dailyQuota', message: 'must be positive', zh: '须大于 0' },
      { field: 'body.lastDay', message: 'is before the first day', zh: '早于首日' },
      { field: 'body.lastDay', message: 'is in the past', zh: '早于今天' },
      { field: 'body.perMemberPerCampaign', message: 'is less than the limit per day', zh: '不得少于每日限领数' },
      { field: 'body.audience.industries', message: 'name at least one industry', zh: '请至少指定一个行业' },
    ]);
  });

  it('accepts a discount equal to the threshold and a campaign ending today', () => {
    expect(campaignProblems({ ...input, rule: { thresholdFen: 1_000, discountFen: 1_000 }, lastDay: '2026-06-15', firstDay: '2026-06-15' }, '2026-06-15')).toEqual([]);
  });
});

describe('days and times in Asia/Shanghai', () => {
  it("opens a day's drop at its release time in Shanghai", () => {
    expect(opensAt(campaign, '2026-07-01').toISOString()).toBe('2026-07-01T02:00:00.000Z');
    expect(opensAt({ releaseTime: '00:30' }, '2026-07-01').toISOString()).toBe('2026-06-30T16:30:00.000Z');
  });

  it('keeps coupons valid to the end of the last Shanghai day of their validity', () => {
    expect(validUntil({ validityDays: 1 }, '2026-07-01')).toBe('2026-07-01T15:59:59.999Z');
    expect(validUntil(campaign, '2026-07-01')).toBe('2026-07-03T15:59:59.999Z');
    expect(validUntil({ validityDays: 2 }, '2026-12-31')).toBe('2027-01-01T15:59:59.999Z');
  });
});

describe('stock shards', () => {
  it('about 500 coupons a shard, at least one, at most 90', () => {
    expect(shardsFor(1)).toBe(1);
    expect(shardsFor(500)).toBe(1);
    expect(shardsFor(501)).toBe(2);
    expect(shardsFor(5_000)).toBe(10);
    expect(shardsFor(45_000)).toBe(90);
    expect(shardsFor(50_000)).toBe(90);
  });
});

/** Just what redemption needs of the CouponStore, remembering what it was asked to write. */
function fakeCoupons(...coupons: Coupon[]) {
  const stored = new Map(coupons.map((coupon) => [coupon.code, structuredClone(coupon)]));
  const redeemed: { code: string; redemption: NonNullable<Coupon['redemption']> }[] = [];
  const reversed: { code: string; windowStart: string }[] = [];
  const store: Pick<CouponStore, 'coupon' | 'redeem' | 'reverse'> = {
    coupon: async (code) => structuredClone(stored.get(code)),
    redeem: async (coupon, redemption) => {
      // The adapter's guard: only a valid coupon is redeemed, once.
      const current = stored.get(coupon.code)!;
      if (current.status !== 'valid') throw new Error('already redeemed');
      Object.assign(current, { status: 'redeemed', redemption });
      redeemed.push({ code: coupon.code, redemption });
    },
    reverse: async (coupon, windowStart) => {
      const current = stored.get(coupon.code)!;
      delete current.redemption;
      current.status = 'valid';
      reversed.push({ code: coupon.code, windowStart });
    },
  };
  return { store: store as CouponStore, redeemed, reversed };
}

const coupon: Coupon = {
  code: 'ABCDEFGH2345',
  campaignId: campaign.campaignId,
  campaignName: campaign.name,
  day: '2026-07-01',
  userId: 'alice',
  rule: campaign.rule,
  merchants: ['demo-mart'],
  issuedAt: '2026-07-01T02:00:01.000Z',
  validUntil: validUntil(campaign, '2026-07-01'),
  status: 'valid',
};
const merchant = (merchantId: string): Account => ({ userId: `m-${merchantId}`, grants: [{ role: 'merchant', merchantId, grantedAt: '2026-01-01T00:00:00Z', grantedBy: 'operator' }] });
const AT = new Date('2026-07-02T04:00:00Z');

describe('redeeming at the till', () => {
  it('redeems a valid coupon at an accepting merchant, once, and says what the member pays', async () => {
    const { store, redeemed } = fakeCoupons(coupon);
    const result = await redeemCoupon(store, merchant('demo-mart'), coupon.code, 4_500, AT);
    expect(result).toMatchObject({ status: 'redeemed', payableFen: 3_500, redemption: { merchantId: 'demo-mart', orderFen: 4_500, at: AT.toISOString() } });
    expect(redeemed).toEqual([{ code: coupon.code, redemption: { merchantId: 'demo-mart', orderFen: 4_500, at: AT.toISOString() } }]);
    // A second time: it is redeemed.
    await expect(redeemCoupon(store, merchant('demo-mart'), coupon.code, 4_500, AT)).rejects.toMatchObject({ code: 'COUPON_NOT_REDEEMABLE', message: 'This coupon is redeemed.' });
    expect(redeemed).toHaveLength(1);
  });

  it('refuses, without writing, what is not a merchant, unknown, elsewhere, expired or under the threshold', async () => {
    const { store, redeemed } = fakeCoupons(coupon);
    await expect(redeemCoupon(store, { userId: 'alice', grants: [] }, coupon.code, 4_500, AT)).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
    await expect(redeemCoupon(store, merchant('demo-mart'), 'NOSUCHCODE22', 4_500, AT)).rejects.toMatchObject({ code: 'COUPON_NOT_FOUND' });
    await expect(redeemCoupon(store, merchant('other-shop'), coupon.code, 4_500, AT)).rejects.toMatchObject({ code: 'COUPON_NOT_REDEEMABLE', message: 'This coupon is not accepted at this merchant.' });
    await expect(redeemCoupon(store, merchant('demo-mart'), coupon.code, 4_500, new Date('2026-07-03T16:00:00Z'))).rejects.toMatchObject({ message: 'This coupon is expired.' });
    await expect(redeemCoupon(store, merchant('demo-mart'), coupon.code, 2_999, AT)).rejects.toMatchObject({ code: 'COUPON_NOT_REDEEMABLE', message: expect.stringMatching(/at least 3000 fen/) });
    expect(redeemed).toEqual([]);
    // The last instant of validity still counts, and an order exactly at the threshold.
    await expect(redeemCoupon(store, merchant('demo-mart'), coupon.code, 3_000, new Date('2026-07-03T15:59:59.999Z'))).resolves.toMatchObject({ payableFen: 2_000 });
  });

  it('reverses a redemption only for the merchant that made it, within the window', async () => {
    const { store, reversed } = fakeCoupons({ ...coupon, status: 'redeemed', redemption: { merchantId: 'demo-mart', orderFen: 4_500, at: AT.toISOString() } });
    await expect(reverseRedemption(store, merchant('other-shop'), coupon.code, AT)).rejects.toMatchObject({ code: 'COUPON_NOT_REDEEMABLE' });
    const back = await reverseRedemption(store, merchant('demo-mart'), coupon.code, new Date(AT.getTime() + 60_000));
    expect(back).toMatchObject({ status: 'valid' });
    expect(back).not.toHaveProperty('redemption');
    // The window the store checks the redemption against: the last REVERSAL_WINDOW_MINUTES.
    expect(reversed).toEqual([{ code: coupon.code, windowStart: new Date(AT.getTime() + 60_000 - REVERSAL_WINDOW_MINUTES * 60_000).toISOString() }]);
    // Not redeemed any more: nothing to reverse.
    await expect(reverseRedemption(store, merchant('demo-mart'), coupon.code, AT)).rejects.toMatchObject({ code: 'COUPON_NOT_REDEEMABLE' });
  });
});
