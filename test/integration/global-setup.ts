/** Starts DynamoDB Local (in memory) and fauxqs once for the integration tier. */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { startSqsLocal } from '../../local/sqs-local';
import '../support/provided';

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  const sqs = await startSqsLocal({});
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  project.provide('sqsEndpoint', sqs.endpoint);
  return async () => {
    await sqs.stop();
    await dynamo.stop();
  };
}
