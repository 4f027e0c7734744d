/** The payouts table's store, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoPayoutStore } from '../payouts/payout-store-dynamodb';

export const payoutStore = new DynamoPayoutStore(documents, tableName('payouts'));
