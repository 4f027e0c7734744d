/**
 * Idempotency-Key support for mutating routes (Powertools idempotency on DynamoDB). The key is
 * scoped to the caller and the route, so two users cannot collide, and the body is checked, so
 * a reused key with a different body is refused rather than answered with someone else's reply.
 * Wrapping the domain call (not the middy handler) means replays pass through the same CORS,
 * header and logging middlewares as first answers.
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { dynamodb } from '../aws/clients';
import { tableName } from '../config';
import { ValidationFailed } from '../errors';

export interface IdempotentCall {
  caller: string;
  route: string;
  key: string;
  body: unknown;
}

type Run = () => Promise<unknown>;

const KEY_FORMAT = /^[A-Za-z0-9_.:-]{8,128}$/;

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!KEY_FORMAT.test(key)) {
    throw new ValidationFailed([
      { field: 'headers.idempotency-key', message: 'must be 8 to 128 letters, digits or _ . : -' },
    ]);
  }
  return key;
}

let idempotent: ((call: IdempotentCall, run: Run) => Promise<unknown>) | undefined;
let config: IdempotencyConfig | undefined;

/** Runs `run` at most once per (caller, route, key); a replay returns the first reply. */
export function runIdempotently(call: IdempotentCall, context: Context, run: Run): Promise<unknown> {
  if (!idempotent || !config) {
    config = new IdempotencyConfig({
      eventKeyJmesPath: '[caller, route, key]',
      payloadValidationJmesPath: 'body',
      expiresAfterSeconds: 24 * 60 * 60,
    });
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: tableName('idempotency'),
      awsSdkV3Client: dynamodb,
    });
    idempotent = makeIdempotent((_call: IdempotentCall, work: Run) => work(), {
      persistenceStore,
      config,
      dataIndexArgument: 0,
    });
  }
  config.registerLambdaContext(context);
  return idempotent(call, run);
}
