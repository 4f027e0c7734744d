/** Scheduled on the 1st of each month (Asia/Shanghai): one birthday run per union whose benefit is on. */
import type { ScheduledEvent } from '../shared/system';
import { queueBirthdayRuns } from '../shared/birthdays/birthday-run';
import { logger } from '../shared/observability';
import { birthdayBenefitStore } from '../shared/adapters/birthday-store';
import { queueBirthdayJob } from '../shared/adapters/birthday-jobs';

/** The month is the scheduled time's: a late run, a repeat or a run by hand with `at` grants that month (never twice). */
export const handler = async (event: ScheduledEvent) => {
  const result = await queueBirthdayRuns({ birthdays: birthdayBenefitStore, queue: queueBirthdayJob }, new Date(event.scheduledTime ?? Date.now()));
  logger.info('Birthday runs queued', result);
  return result;
};
