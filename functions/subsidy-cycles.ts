/** Scheduled daily (Asia/Shanghai): closes cycles whose window has ended (lottery) and ends notice periods. */
import { logger } from '../shared/observability';
import { runSubsidyCycles } from '../shared/subsidies/subsidies';
import type { ScheduledEvent } from '../shared/system';
import { subsidyPayableStore } from '../shared/adapters/subsidy-payable-store';
import { beacon } from '../shared/adapters/beacon';

export const handler = async (event: ScheduledEvent) => {
  const report = await runSubsidyCycles({ subsidies: subsidyPayableStore, beacon }, new Date(event.scheduledTime ?? Date.now()));
  logger.info('Subsidy cycles run', report);
  return report;
};
