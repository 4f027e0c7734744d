/**
 * The claims table's store (with the accounts table, where policies live), built once per
 * container when the function loads. `claimReviewStore` also writes the payout an approval owes.
 */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoClaimStore } from '../claims/claim-store-dynamodb';

export const claimStore = new DynamoClaimStore(documents, { claims: tableName('claims'), accounts: tableName('accounts') });
