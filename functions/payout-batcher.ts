/** Scheduled every minute: groups due payout items into batches within the day's budget and queues them. */
import type { Context } from 'aws-lambda';
import { integerEnv } from '../shared/config';
import { logger } from '../shared/observability';
import { DEFAULT_ACCOUNT } from '../shared/payouts/payout';
import { formBatches } from '../shared/payouts/payout-pipeline';
import type { ScheduledEvent } from '../shared/system';
import { payoutStore } from '../shared/adapters/payout-store';
import { sendPayoutBatch } from '../shared/adapters/payout-batches';

const dailyBudgetFen = integerEnv('PAYOUT_DAILY_BUDGET_FEN');

export const handler = async (event: ScheduledEvent, context?: Context) => {
  const result = await formBatches(
    { payouts: payoutStore, send: sendPayoutBatch },
    {
      account: DEFAULT_ACCOUNT,
      dailyBudgetFen,
      now: new Date(event.scheduledTime ?? Date.now()),
      timeLeftMs: context ? () => context.getRemainingTimeInMillis() : undefined,
    },
  );
  if (result.batches.length > 0 || result.rescheduled > 0 || result.requeued > 0) logger.info('Payout batches formed', { ...result });
  return result;
};
