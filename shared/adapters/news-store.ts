/** The news table's store, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoNewsStore } from '../news/news-store-dynamodb';

export const newsStore = new DynamoNewsStore(documents, tableName('news'));
