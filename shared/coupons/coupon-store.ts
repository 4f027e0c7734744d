/** The port through which the coupon rules reach storage. */
import type { Page } from '../pagination';
import type { Campaign } from './campaign';
import type { Coupon } from './coupon';

export interface DropHeader {
  campaignId: string;
  day: string;
  quota: number;
  shards: number;
  releasedAt: string;
  soldOut?: boolean;
}

export type ClaimOutcome =
  | { kind: 'claimed'; coupon: Coupon }
  | { kind: 'already-claimed'; code: string }
  | { kind: 'shard-empty' }
  | { kind: 'contended' }
  | { kind: 'day-limit' }
  | { kind: 'campaign-limit' }
  /** The member's profile does not meet the campaign's audience (or there is no profile). */
  | { kind: 'not-eligible' };

export interface CouponStore {
  createCampaign(campaign: Campaign): Promise<void>;
  campaign(campaignId: string): Promise<Campaign | undefined>;
  campaignsRunning(day: string): Promise<Campaign[]>;
  /** Opens a day's drop with its stock split over shards; false if it was already open (nothing added). */
  release(campaign: Campaign, day: string, at: string): Promise<boolean>;
  header(campaignId: string, day: string): Promise<DropHeader | undefined>;
  markSoldOut(campaignId: string, day: string): Promise<void>;
  /** One claim attempt on one shard, all-or-nothing (see the adapter for the guards). */
  /**
   * One all-or-nothing claim on one stock shard: takes one from the shard, counts the member's day
   * and campaign, puts the coupon — only if the member's profile meets the campaign's audience as
   * it stands at that instant (the eligibility check is a condition of the same write).
   */
  claim(campaign: Campaign, day: string, shard: number, coupon: Coupon): Promise<ClaimOutcome>;
  coupon(code: string): Promise<Coupon | undefined>;
  couponsOf(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Coupon>>;
  redeem(coupon: Coupon, redemption: NonNullable<Coupon['redemption']>): Promise<void>;
  reverse(coupon: Coupon, windowStart: string): Promise<void>;
  /** Stock left (sum over shards) and redemptions of a day's drop. */
  dayStats(campaignId: string, day: string): Promise<{ header?: DropHeader; remaining: number; redeemed: number }>;
}
