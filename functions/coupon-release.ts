/** Scheduled every minute (Asia/Shanghai): opens the day's drop of each campaign whose release time has come. */
import type { ScheduledEvent } from '../shared/system';
import { releaseDueDrops } from '../shared/coupons/coupon-release';
import { logger, metrics } from '../shared/observability';
import { couponStore } from '../shared/adapters/coupon-store';

/** `day` may be given to release a missed day by hand; it still never adds stock twice. */
export const handler = async (event: ScheduledEvent & { day?: string }) => {
  const at = new Date(event.scheduledTime ?? Date.now());
  const result = await releaseDueDrops(couponStore, at, event.day);
  if (result.released.length > 0) {
    logger.info('Coupon drops released', result);
    metrics.addMetric('CouponDropReleased', 'Count', result.released.length);
    metrics.publishStoredMetrics();
  }
  return result;
};
