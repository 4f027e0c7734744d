/** Scheduled every minute (Asia/Shanghai): opens the day's drop of each campaign whose release time has come. */
import type { ScheduledEvent } from '../shared/system';
import { releaseDueDrops } from '../shared/coupons/coupon-release';
import { logger, metrics } from '../shared/observability';
import { couponReleaseRunMetric } from '../shared/operations-metrics';
import { couponStore } from '../shared/adapters/coupon-store';

/** `day` may be given to release a missed day by hand; it still never adds stock twice. */
export const handler = async (event: ScheduledEvent & { day?: string }) => {
  const at = new Date(event.scheduledTime ?? Date.now());
  const result = await releaseDueDrops(couponStore, at, event.day);
  if (result.released.length > 0) {
    logger.info('Coupon drops released', result);
    metrics.addMetric('CouponDropReleased', 'Count', result.released.length);
  }
  // Every completed run, drops or not: the CouponDropNotOpened alarm breaches on its absence.
  metrics.addMetric(couponReleaseRunMetric, 'Count', 1);
  metrics.publishStoredMetrics();
  return result;
};
