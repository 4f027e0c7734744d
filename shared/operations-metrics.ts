/**
 * Metrics the alarms watch (infra/guard-rails.ts, docs/operations.md), named once for the
 * functions that publish them (Powertools EMF: namespace UnionBenefits, dimension `service`).
 */

/** Published by couponRelease on every completed run (1): its absence is a drop that may not open. */
export const couponReleaseRunMetric = 'CouponReleaseRunCompleted';

/** Published by payoutReconciler on every run: seconds the oldest `submitted` batch has waited since submission (0: none waits). */
export const payoutReconciliationLagMetric = 'PayoutReconciliationLagSeconds';

/** Seconds from the oldest submission among `batches` to `now`; 0 when none. */
export function oldestWaitSeconds(batches: readonly { submittedAt?: string; createdAt: string }[], now: Date): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const batch of batches) oldest = Math.min(oldest, Date.parse(batch.submittedAt ?? batch.createdAt));
  return Number.isFinite(oldest) ? Math.max(0, Math.round((now.getTime() - oldest) / 1000)) : 0;
}
