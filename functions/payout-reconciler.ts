/** Scheduled every minute: settles payout items the provider has finished, re-queues failed ones under new numbers. */
import type { Context } from 'aws-lambda';
import { logger } from '../shared/observability';
import { reconcile } from '../shared/payouts/payout-pipeline';
import type { ScheduledEvent } from '../shared/system';
import { paymentProvider } from '../shared/adapters/payment-provider';
import { payoutReconcileStore } from '../shared/adapters/payout-reconcile-store';
import { sendPayoutBatch } from '../shared/adapters/payout-batches';

export const handler = async (event: ScheduledEvent, context?: Context) => {
  const report = await reconcile(
    { payouts: payoutReconcileStore, provider: paymentProvider, send: sendPayoutBatch },
    { now: new Date(event.scheduledTime ?? Date.now()), timeLeftMs: context ? () => context.getRemainingTimeInMillis() : undefined },
  );
  if (report.paid + report.failed + report.resent + report.unreachable > 0) logger.info('Payouts reconciled', { ...report });
  return report;
};
