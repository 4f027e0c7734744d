/**
 * The payouts capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { consumer, defineFunctions, route, schedule } from '../system';
import { BatchesQuery, BatchPage, BatchParams, BatchView, PayoutList } from './schemas';

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
  payoutBatchesList: route('GET /payouts/batches', ['operator'], 'List payout batches', { query: BatchesQuery, 200: ['A page of batches, newest first', BatchPage] },
    'Payout batches of every merchant account, newest first, optionally in one status; for operators (batches are platform-wide).',
    { tables: { payouts: 'read' } }),
  payoutBatchGet: route('GET /payouts/batches/{batchNo}', ['operator'], 'A payout batch with its items', { params: BatchParams, 200: ['The batch and what became of each item', BatchView] },
    "A payout batch's items: paid, with the provider, or failed with the provider's reason; for operators. Each recipient shown finds the read in her access log.",
    { errors: { PAYOUT_BATCH_NOT_FOUND: 404 }, tables: { payouts: 'read', inbox: 'write' } }),
});
