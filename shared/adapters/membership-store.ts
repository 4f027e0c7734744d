/** Memberships across the accounts and organisations tables, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoMembershipStore } from '../members/membership-store-dynamodb';

export const membershipStore = new DynamoMembershipStore(documents, {
  accounts: tableName('accounts'),
  organisations: tableName('organisations'),
});
