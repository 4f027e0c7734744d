/** The accounts table's AccountStore, built once per container when the function loads. */
import { DynamoAccountStore } from '../accounts/account-store-dynamodb';
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';

export const accountStore = new DynamoAccountStore(documents, tableName('accounts'));
