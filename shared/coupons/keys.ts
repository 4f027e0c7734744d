/**
 * Key shapes of the coupons table that more than one adapter writes (coupons and birthday
 * benefits both give coupons); the rest of the table's keys are in coupon-store-dynamodb.ts.
 *   COUPON#<code> / COUPON   the coupon (gsi1: MEMBER#<sub> / <issuedAt>, index byMember)
 */
export const couponKey = (code: string) => ({ pk: `COUPON#${code}`, sk: 'COUPON' });
export const memberCouponsPartition = (userId: string) => `MEMBER#${userId}`;
/** The coupon item as any adapter puts it: its key, its place in the member's index, the coupon. */
export const couponItem = <C extends { code: string; userId: string; issuedAt: string }>(coupon: C) => ({
  ...couponKey(coupon.code),
  gsi1pk: memberCouponsPartition(coupon.userId),
  gsi1sk: coupon.issuedAt,
  ...coupon,
});
