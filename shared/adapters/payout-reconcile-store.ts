/** The payouts store for the reconciler: an item marked paid tells its member in the same transaction. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoPayoutStore } from '../payouts/payout-store-dynamodb';

export const payoutReconcileStore = new DynamoPayoutStore(documents, tableName('payouts'), tableName('inbox'));
