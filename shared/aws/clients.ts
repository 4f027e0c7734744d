/**
 * SDK clients, one per container. Local endpoints (DynamoDB Local, fauxqs) come in as
 * overrides from the environment; nothing else in the code knows it may be running locally.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { readConfig } from '../config';

const endpoints = readConfig({
  DYNAMODB_ENDPOINT: z.url().optional(),
  SQS_ENDPOINT: z.url().optional(),
  S3_ENDPOINT: z.url().optional(),
});

export const dynamodb = new DynamoDBClient({
  endpoint: endpoints.DYNAMODB_ENDPOINT,
  maxAttempts: 3,
});

export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});

export const sqs = new SQSClient({ endpoint: endpoints.SQS_ENDPOINT });

export const s3 = new S3Client({ endpoint: endpoints.S3_ENDPOINT, forcePathStyle: Boolean(endpoints.S3_ENDPOINT) });
