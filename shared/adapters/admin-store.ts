/** Admin appointments (grants on accounts, rosters and change records on unions), built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoAdminStore } from '../organisations/admin-store-dynamodb';

export const adminStore = new DynamoAdminStore(documents, { organisations: tableName('organisations'), accounts: tableName('accounts') });
