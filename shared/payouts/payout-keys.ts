/**
 * Key shapes of the payouts table (shared by the payout store and by the stores that create
 * payout items inside their own transactions).
 *   ITEM#<payoutId>        / ITEM     the payout item
 *     gsi1 QUEUE#<account> / <scheduledFor>#<queuedAt>#<payoutId>   while queued (the batcher's order)
 *     gsi2 USER#<sub>      / <queuedAt>                             the member's payouts
 *   BATCH#<batchNo>        / BATCH    a batch's head: status, totals, times (gsi1 BATCHES#<status> / <createdAt>#<batchNo>;
 *                                     gsi3 BATCHES / <createdAt>#<batchNo>, every batch for the operators' list)
 *                          / ITEMS    its items (up to 1,000; in no index)
 *   BUDGET#<account>#<day> / BUDGET   money committed to batches that day
 *   LEASE#batcher#<account> / LEASE   one batcher per account at a time
 */
import type { PayoutItem } from './payout';

export const payoutItemKey = (payoutId: string) => ({ pk: `ITEM#${payoutId}`, sk: 'ITEM' });

export const queueKeys = (item: Pick<PayoutItem, 'account' | 'scheduledFor' | 'queuedAt' | 'payoutId'>) => ({
  gsi1pk: `QUEUE#${item.account}`,
  gsi1sk: `${item.scheduledFor}#${item.queuedAt}#${item.payoutId}`,
});

/** The Put that creates a payout item, once per source, for use inside another transaction. */
export const putPayoutItem = (tableName: string, item: PayoutItem) => ({
  Put: {
    TableName: tableName,
    Item: { ...payoutItemKey(item.payoutId), ...queueKeys(item), gsi2pk: `USER#${item.userId}`, gsi2sk: item.queuedAt, ...item },
    // A source is owed once.
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
