/** Protection policies in the accounts table, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoPolicyStore } from '../gig-workers/policy-store-dynamodb';

export const policyStore = new DynamoPolicyStore(documents, tableName('accounts'));
