/** Scheduled every minute: lapses the offers past their deadline; each seat passes to the next in line once. */
import type { Context } from 'aws-lambda';
import { lapseDueOffers } from '../shared/activities/activities';
import { activityOfferStore } from '../shared/adapters/activity-offer-store';
import { logger } from '../shared/observability';
import type { ScheduledEvent } from '../shared/system';

export const handler = async (event: ScheduledEvent, context?: Context) => {
  const report = await lapseDueOffers({ activities: activityOfferStore }, new Date(event.scheduledTime ?? Date.now()), context ? () => context.getRemainingTimeInMillis() : undefined);
  if (report.lapsed > 0) logger.info('Activity offers lapsed', report);
  return report;
};
