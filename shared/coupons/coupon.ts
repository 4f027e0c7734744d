/** A claimed coupon and what a member or merchant sees of it. */
import { randomBytes } from 'node:crypto';

export interface Coupon {
  code: string;
  campaignId: string;
  campaignName: string;
  day: string;
  userId: string;
  rule: { thresholdFen: number; discountFen: number };
  merchants: string[];
  issuedAt: string;
  validUntil: string;
  status: 'valid' | 'redeemed';
  redemption?: { merchantId: string; orderFen: number; at: string };
  /** Given as a benefit rather than claimed from a day's drop (shared/birthdays): which one. */
  benefit?: 'birthday';
}

/** What a member or merchant is told: a stored `valid` coupon past its last day reads `expired`. */
export type CouponStatus = Coupon['status'] | 'expired';

export const statusAt = (coupon: Coupon, now: Date): CouponStatus =>
  coupon.status === 'redeemed' ? 'redeemed' : now.toISOString() > coupon.validUntil ? 'expired' : 'valid';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 12 characters from an alphabet without look-alikes: read out at a till without mistakes. */
export function newCouponCode(): string {
  const bytes = randomBytes(12);
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}
