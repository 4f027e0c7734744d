/** The organisations table's store (the union tree), built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoOrganisationStore } from '../organisations/organisation-store-dynamodb';

export const organisationStore = new DynamoOrganisationStore(documents, tableName('organisations'));
