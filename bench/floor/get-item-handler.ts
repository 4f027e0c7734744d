/** The floor of any function here: the DynamoDB document client and one GetItem, nothing else. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { id: string }) =>
  (await documents.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id } }))).Item ?? null;
