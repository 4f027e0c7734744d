/** The inbox table's store, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoInboxStore } from '../inbox/inbox-store-dynamodb';

export const inboxStore = new DynamoInboxStore(documents, tableName('inbox'));
