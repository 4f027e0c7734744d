/** The claims store for reviewers: a decision writes the member's notice, an approval the payout it owes, in the same transaction. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoClaimStore } from '../claims/claim-store-dynamodb';

export const claimReviewStore = new DynamoClaimStore(documents, {
  claims: tableName('claims'),
  accounts: tableName('accounts'),
  payouts: tableName('payouts'),
  inbox: tableName('inbox'),
});
