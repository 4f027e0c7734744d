/** Scheduled daily (Asia/Shanghai): closes cycles whose window has ended (lottery) and ends notice periods. */
import { logger } from '../shared/observability';
import { subsidyDependencies } from '../shared/stores';
import { runSubsidyCycles } from '../shared/subsidies/subsidies';
import type { ScheduledEvent } from '../shared/system';

export const handler = async (event: ScheduledEvent) => {
  const report = await runSubsidyCycles(subsidyDependencies(), new Date(event.scheduledTime ?? Date.now()));
  logger.info('Subsidy cycles run', report);
  return report;
};
