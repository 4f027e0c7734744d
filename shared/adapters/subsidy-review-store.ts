/** The subsidies store for reviewers: a decision (on an application or an objection) writes the members' notices in the same transaction. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoSubsidyStore } from '../subsidies/subsidy-store-dynamodb';

export const subsidyReviewStore = new DynamoSubsidyStore(documents, tableName('subsidies'), undefined, tableName('inbox'));
