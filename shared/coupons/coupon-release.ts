/**
 * The daily release, run by a schedule every minute (Asia/Shanghai): opens the drop of every
 * running campaign whose release time has come. Idempotent per campaign and day — run twice,
 * late, or for a missed day, it never adds stock twice.
 */
import { shanghaiDay } from '../days';
import { opensAt, runsOn } from './campaign';
import type { CouponStore } from './coupon-store';

export async function releaseDueDrops(coupons: CouponStore, at: Date, day: string = shanghaiDay(at)) {
  const released: string[] = [];
  const alreadyOpen: string[] = [];
  for (const campaign of await coupons.campaignsRunning(day)) {
    if (!runsOn(campaign, day) || at < opensAt(campaign, day)) continue;
    if (await coupons.release(campaign, day, at.toISOString())) released.push(campaign.campaignId);
    else alreadyOpen.push(campaign.campaignId);
  }
  return { day, released, alreadyOpen };
}
