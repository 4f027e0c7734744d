/**
 * Claiming today's coupon of a campaign.
 *
 * Primary course:
 *  1. Find today's drop: not released yet → NOT_OPEN_YET with the opening time; known sold out →
 *     SOLD_OUT from memory, with no read and no write (after a sell-out everyone hears the same).
 *  2. One transaction on one stock shard: take one from the shard, count the member's day and
 *     campaign, put the coupon — on condition that the member's profile meets the audience
 *     (verified, industry, union subtree) at that instant. No read of the account comes first:
 *     on the 10:00 rush the claim is one write. An empty shard sends us to the next; a member who
 *     already has today's coupon gets it again. When every shard is empty the drop is marked sold out.
 *  3. Only when the condition on the profile failed is the account read, to say why (NOT_ELIGIBLE
 *     with the reason, or ROLE_REQUIRED for someone who is not a member).
 */
import { shanghaiDay } from '../days';
import type { Account } from '../accounts/account';
import { NotAllowed, NotEligible } from '../errors';
import { ineligibility, opensAt, validUntil, type Campaign } from './campaign';
import { newCouponCode, type Coupon } from './coupon';
import type { CouponStore, DropHeader } from './coupon-store';
import { CampaignEnded, CampaignNotFound, ClaimsBusy, LimitReached, NotOpenYet, SoldOut } from './errors';

/** Per-container memory: what we know without asking the table again. */
const campaigns = new Map<string, { campaign: Campaign; until: number }>();
const headers = new Map<string, { header: DropHeader; until: number }>();
const emptyShards = new Map<string, Set<number>>();

async function cachedCampaign(store: CouponStore, campaignId: string, now: number) {
  const hit = campaigns.get(campaignId);
  if (hit && hit.until > now) return hit.campaign;
  const campaign = await store.campaign(campaignId);
  if (campaign) campaigns.set(campaignId, { campaign, until: now + 60_000 });
  return campaign;
}

async function cachedHeader(store: CouponStore, campaignId: string, day: string, now: number) {
  const key = `${campaignId}#${day}`;
  const hit = headers.get(key);
  // A sold-out drop stays sold out: answer from memory from then on.
  if (hit && (hit.header.soldOut || hit.until > now)) return hit.header;
  const header = await store.header(campaignId, day);
  if (header) headers.set(key, { header, until: now + 1_000 });
  return header;
}

export type ClaimResult = { coupon: Coupon; repeated: boolean };

export interface ClaimDependencies {
  coupons: CouponStore;
  /** Read only to explain a refusal. */
  accounts: { load(userId: string): Promise<Account> };
}

export async function claimCoupon({ coupons, accounts }: ClaimDependencies, userId: string, campaignId: string, at: Date = new Date()): Promise<ClaimResult> {
  const now = at.getTime();
  const campaign = await cachedCampaign(coupons, campaignId, now);
  if (!campaign) throw new CampaignNotFound();

  const day = shanghaiDay(at);
  if (day > campaign.lastDay) throw new CampaignEnded();
  if (day < campaign.firstDay) throw new NotOpenYet(opensAt(campaign, campaign.firstDay));
  const header = await cachedHeader(coupons, campaignId, day, now);
  if (!header) throw new NotOpenYet(opensAt(campaign, day));
  if (header.soldOut) throw new SoldOut(day);

  const key = `${campaignId}#${day}`;
  const empty = emptyShards.get(key) ?? new Set<number>();
  emptyShards.set(key, empty);
  const coupon: Coupon = {
    code: newCouponCode(),
    campaignId,
    campaignName: campaign.name,
    day,
    userId,
    rule: campaign.rule,
    merchants: campaign.merchants,
    issuedAt: at.toISOString(),
    validUntil: validUntil(campaign, day),
    status: 'valid',
  };
  const start = Math.floor(Math.random() * header.shards);
  let contended = false;
  for (let i = 0; i < header.shards; i++) {
    const shard = (start + i) % header.shards;
    if (empty.has(shard)) continue;
    const outcome = await coupons.claim(campaign, day, shard, coupon);
    switch (outcome.kind) {
      case 'claimed':
        return { coupon: outcome.coupon, repeated: false };
      case 'already-claimed': {
        const given = await coupons.coupon(outcome.code);
        if (given) return { coupon: given, repeated: true };
        break;
      }
      case 'day-limit':
        throw new LimitReached('day');
      case 'campaign-limit':
        throw new LimitReached('campaign');
      case 'shard-empty':
        empty.add(shard);
        break;
      case 'contended':
        contended = true;
        break;
      case 'not-eligible': {
        const member = (await accounts.load(userId)).member;
        if (!member) throw new NotAllowed('This needs one of the roles: member.', 'ROLE_REQUIRED');
        const reason = ineligibility(campaign, member);
        // Eligible by the time we looked: the profile changed in between; the client may retry.
        if (!reason) throw new ClaimsBusy();
        throw new NotEligible('claim this coupon', reason);
      }
    }
  }
  if (contended) throw new ClaimsBusy();
  // Every shard said empty: the drop is gone. Remember it here and tell every other container.
  await coupons.markSoldOut(campaignId, day);
  headers.set(key, { header: { ...header, soldOut: true }, until: Number.MAX_SAFE_INTEGER });
  throw new SoldOut(day);
}
