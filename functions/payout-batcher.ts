/** Scheduled every minute: groups due payout items into batches within the day's budget and queues them. */
import { logger } from '../shared/observability';
import { DEFAULT_ACCOUNT } from '../shared/payouts/payout';
import { formBatches } from '../shared/payouts/payout-pipeline';
import { payoutStore, sendPayoutBatch } from '../shared/stores';
import type { ScheduledEvent } from '../shared/system';

const dailyBudgetFen = Number(process.env.PAYOUT_DAILY_BUDGET_FEN ?? 0);

export const handler = async (event: ScheduledEvent) => {
  const result = await formBatches(
    { payouts: payoutStore(), send: sendPayoutBatch },
    { account: DEFAULT_ACCOUNT, dailyBudgetFen, now: new Date(event.scheduledTime ?? Date.now()) },
  );
  if (result.batches.length > 0 || result.rescheduled > 0) logger.info('Payout batches formed', result);
  return result;
};
