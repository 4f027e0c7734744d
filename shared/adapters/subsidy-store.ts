/** The subsidies table's store, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoSubsidyStore } from '../subsidies/subsidy-store-dynamodb';

export const subsidyStore = new DynamoSubsidyStore(documents, tableName('subsidies'));
