/**
 * The payouts capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { consumer, defineFunctions, route, schedule } from '../system';
import { PayoutList } from './schemas';

export const payouts = defineFunctions('payouts', {
  payoutBatcher: schedule({ minute: '*' }, 'Every minute: form payout batches',
    "Every minute: batches due payout items within the day's budget and queues the batches.",
    { tables: { payouts: 'read-write' }, sendsTo: ['payoutBatches'], settings: ['payoutDailyBudgetFen'], timeoutSeconds: 60 }),
  // Room for three submissions of one batch (the provider client times out after 5 s). The
  // payoutBatches queue's visibility timeout (30 s) must stay at least this: SQS's rule for an
  // event source, and what brings a batch back soon after a worker died holding it.
  payoutWorker: consumer({ queue: 'payoutBatches', batchSize: 1 },
    'Submits payout batches to the provider under their own numbers.',
    { tables: { payouts: 'read-write' }, secrets: ['paymentMerchant'], settings: ['paymentProviderUrl'], timeoutSeconds: 20 }),
  payoutReconciler: schedule({ minute: '*' }, 'Every minute: reconcile payouts',
    'Every minute: settles what the provider finished; failed items are queued again under new numbers.',
    { tables: { payouts: 'read-write', inbox: 'write' }, sendsTo: ['payoutBatches'], secrets: ['paymentMerchant'], settings: ['paymentProviderUrl'], timeoutSeconds: 60 }),
  payoutsMine: route('GET /me/payouts', ['member'], 'My payouts', { 200: ['Payouts: queued (scheduledFor), batched or paid', PayoutList] },
    'Money owed to the caller and where it is.',
    { tables: { payouts: 'read' } }),
});
