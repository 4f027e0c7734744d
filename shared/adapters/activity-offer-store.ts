/**
 * The activities store for the functions that pass seats on or tell members: an offer's notice
 * (and a closing's or cancelling's) goes into the inbox table in the same transaction.
 */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoActivityStore } from '../activities/activity-store-dynamodb';

export const activityOfferStore = new DynamoActivityStore(documents, { activities: tableName('activities'), inbox: tableName('inbox') });
