/** Scheduled every minute: settles payout items the provider has finished, re-queues failed ones under new numbers. */
import type { Context } from 'aws-lambda';
import { logger, metrics } from '../shared/observability';
import { oldestWaitSeconds, payoutReconciliationLagMetric } from '../shared/operations-metrics';
import { reconcile } from '../shared/payouts/payout-pipeline';
import type { ScheduledEvent } from '../shared/system';
import { paymentProvider } from '../shared/adapters/payment-provider';
import { payoutReconcileStore } from '../shared/adapters/payout-reconcile-store';
import { sendPayoutBatch } from '../shared/adapters/payout-batches';

export const handler = async (event: ScheduledEvent, context?: Context) => {
  const now = new Date(event.scheduledTime ?? Date.now());
  const report = await reconcile(
    { payouts: payoutReconcileStore, provider: paymentProvider, send: sendPayoutBatch },
    { now, timeLeftMs: context ? () => context.getRemainingTimeInMillis() : undefined },
  );
  if (report.paid + report.failed + report.resent + report.unreachable > 0) logger.info('Payouts reconciled', { ...report });
  // What still waits for the provider after this run (one query of the status index): the
  // PayoutReconciliationLag alarm's metric, published every run so that silence means "not running".
  const waiting = await payoutReconcileStore.batchesWithStatus('submitted');
  metrics.addMetric(payoutReconciliationLagMetric, 'Seconds', oldestWaitSeconds(waiting, now));
  metrics.publishStoredMetrics();
  return report;
};
