/**
 * The DynamoDB clients, one per container. DYNAMODB_ENDPOINT points them at DynamoDB Local; unset
 * on AWS. Only functions that use a table import this module, so only they carry the client.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalUrl } from '../config';

export const dynamodb = new DynamoDBClient({ endpoint: optionalUrl('DYNAMODB_ENDPOINT'), maxAttempts: 3 });

export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});
