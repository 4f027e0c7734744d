/**
 * The payouts capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions } from '../system';
import { PayoutList } from './schemas';

export const payouts = defineFunctions('payouts', {
  payoutBatcher: {
    entry: 'functions/payout-batcher.ts',
    description: "Every minute: batches due payout items within the day's budget and queues the batches.",
    trigger: { kind: 'schedule', cron: { minute: '*' }, timeZone: 'Asia/Shanghai', description: 'Every minute: form payout batches' },
    tables: { payouts: 'read-write' },
    sendsTo: ['payoutBatches'],
    settings: ['payoutDailyBudgetFen'],
    timeoutSeconds: 60,
  },
  payoutWorker: {
    entry: 'functions/payout-worker.ts',
    description: 'Submits payout batches to the provider under their own numbers.',
    trigger: { kind: 'queue', queue: 'payoutBatches', batchSize: 1 },
    tables: { payouts: 'read-write' },
    secrets: ['paymentMerchant'],
    settings: ['paymentProviderUrl'],
    // Room for three submissions of one batch (the provider client times out after 5 s). The
    // payoutBatches queue's visibility timeout (30 s) must stay at least this: SQS's rule for an
    // event source, and what brings a batch back soon after a worker died holding it.
    timeoutSeconds: 20,
  },
  payoutReconciler: {
    entry: 'functions/payout-reconciler.ts',
    description: 'Every minute: settles what the provider finished; failed items are queued again under new numbers.',
    trigger: { kind: 'schedule', cron: { minute: '*' }, timeZone: 'Asia/Shanghai', description: 'Every minute: reconcile payouts' },
    tables: { payouts: 'read-write', inbox: 'write' },
    sendsTo: ['payoutBatches'],
    secrets: ['paymentMerchant'],
    settings: ['paymentProviderUrl'],
    timeoutSeconds: 60,
  },
  payoutsMine: {
    entry: 'functions/payouts-mine.ts',
    description: 'Money owed to the caller and where it is.',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/me/payouts',
      access: { roles: ['member'] },
      tag: 'payouts',
      summary: 'My payouts',
      responses: {
        200: {
          description: 'Payouts: queued (scheduledFor), batched or paid',
          schema: PayoutList,
        },
      },
    },
    tables: { payouts: 'read' },
  },
});
