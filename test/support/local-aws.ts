/** Clients for the emulators the integration global setup started, and per-file table sets. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTables } from '../../local/create-tables';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { tables } from '../../shared/resources';
import './provided';

export function localDynamo() {
  const client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: localRegion, credentials: localCredentials });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, documents };
}

export function localSqs() {
  return new SQSClient({ endpoint: inject('sqsEndpoint'), region: localRegion, credentials: localCredentials });
}

/** Creates the system's tables under a fresh prefix, so test files never share data. */
export async function freshTables(client: DynamoDBClient) {
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const nameOf = (table: string) => `${prefix}-${table}`;
  await ensureTables(client, tables, nameOf);
  return nameOf;
}
