/** The activities table's store, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoActivityStore } from '../activities/activity-store-dynamodb';

export const activityStore = new DynamoActivityStore(documents, { activities: tableName('activities') });
