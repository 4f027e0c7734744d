/** Scheduled every five minutes (Asia/Shanghai): offers past their deadline pass to the next rank; half-written draws are completed. */
import { drawNoticeStore } from '../shared/adapters/draw-notice-store';
import { sweepDraws } from '../shared/draws/draws';
import { logger } from '../shared/observability';
import type { ScheduledEvent } from '../shared/system';

export const handler = async (event: ScheduledEvent) => {
  const report = await sweepDraws({ draws: drawNoticeStore }, new Date(event.scheduledTime ?? Date.now()));
  logger.info('Draw sweep run', report);
  return report;
};
