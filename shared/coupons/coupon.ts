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
}

export type CouponState = 'valid' | 'used' | 'expired';

export const stateOf = (coupon: Coupon, now: Date): CouponState =>
  coupon.status === 'redeemed' ? 'used' : now.toISOString() > coupon.validUntil ? 'expired' : 'valid';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 12 characters from an alphabet without look-alikes: read out at a till without mistakes. */
export function newCouponCode(): string {
  const bytes = randomBytes(12);
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}
