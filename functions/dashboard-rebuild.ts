/** Run by an operator: recounts every dashboard figure from the tables and overwrites the counted tree (idempotent). */
import { dashboardRebuildStore } from '../shared/adapters/dashboard-rebuild';
import { rebuildFigures } from '../shared/dashboard/rebuild';
import { logger } from '../shared/observability';

export const handler = async () => {
  const result = await rebuildFigures({ source: dashboardRebuildStore, store: dashboardRebuildStore });
  logger.info('Dashboard figures rebuilt', result);
  return result;
};
