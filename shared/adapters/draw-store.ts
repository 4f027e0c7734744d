/** The draws table's store, built once per container when the function loads (reads, entries, commits). */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoDrawStore } from '../draws/draw-store-dynamodb';

export const drawStore = new DynamoDrawStore(documents, { draws: tableName('draws') });
