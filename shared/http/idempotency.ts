/**
 * Stored Idempotency-Key replays (Powertools idempotency on the idempotency table). The key is
 * scoped to the caller and the route, so two users cannot collide, and bound to the path
 * parameters and body, so a reused key on another target or with another body is refused (422)
 * rather than answered with a reply to a different request. Wrapping the domain call (not the
 * middy handler) means replays pass through the same CORS, header and logging middlewares as
 * first answers. Only routes that store replays import this module (and the table it needs).
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { dynamodb } from '../aws/dynamodb';
import { tableName } from '../config';
import type { IdempotentCall, Replays } from './idempotency-key';

const config = new IdempotencyConfig({
  eventKeyJmesPath: '[caller, route, key]',
  payloadValidationJmesPath: 'request',
  expiresAfterSeconds: 24 * 60 * 60,
});

const persistenceStore = new DynamoDBPersistenceLayer({ tableName: tableName('idempotency'), awsSdkV3Client: dynamodb });

const idempotent = makeIdempotent((_call: IdempotentCall, work: () => Promise<unknown>) => work(), {
  persistenceStore,
  config,
  dataIndexArgument: 0,
});

export const storedReplays: Replays = {
  run(call, context, work) {
    config.registerLambdaContext(context);
    return idempotent(call, work);
  },
};
