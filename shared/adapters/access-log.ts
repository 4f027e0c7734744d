/** The access log's store (in the inbox table), built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoAccessLogStore } from '../privacy/access-log-store-dynamodb';

export const accessLog = new DynamoAccessLogStore(documents, tableName('inbox'));
