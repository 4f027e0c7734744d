/**
 * The DynamoDB clients, one per container. DYNAMODB_ENDPOINT points them at DynamoDB Local; unset
 * on AWS. Only functions that use a table import this module, so only they carry the client.
 * FAULTS (local fault tests only; see ./faults.ts) makes a share of the calls throttle, time out or fail.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalUrl } from '../config';
import { withFaults } from './faults';

export const dynamodb = withFaults(new DynamoDBClient({ endpoint: optionalUrl('DYNAMODB_ENDPOINT'), maxAttempts: 3 }), 'dynamodb');

export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});
