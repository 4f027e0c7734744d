/** The subsidies store for the cycle job: a result that becomes payable writes its payout in the same transaction. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoSubsidyStore } from '../subsidies/subsidy-store-dynamodb';

export const subsidyPayableStore = new DynamoSubsidyStore(documents, tableName('subsidies'), tableName('payouts'));
