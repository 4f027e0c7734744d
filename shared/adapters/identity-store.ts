/** ID-number claims in the accounts table, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoIdentityStore } from '../identity/identity-store-dynamodb';

export const identityStore = new DynamoIdentityStore(documents, tableName('accounts'));
