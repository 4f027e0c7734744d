/**
 * The fault layer (shared/aws/faults.ts): off without FAULTS; on, its faults reach the SDK's own
 * retries as the real errors would (a throttle is retried, and after the last attempt reaches the
 * caller), a timeout is applied before its answer is lost, and the same seed picks the same faults.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { HttpResponse } from '@smithy/core/protocols';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseFaultPlan, pickFault, seededRandom, withFaults } from '../../shared/aws/faults';
import { problemFor } from '../../shared/http/problem';
import { localCredentials } from '../../local/dynamodb-local';
import { system } from '../../shared/manifest';
import { environmentOf } from '../../shared/wiring';

/** A DynamoDB client whose "network" answers every request with an empty item, counting them. */
function countingClient() {
  const sent = { count: 0 };
  const client = new DynamoDBClient({
    region: 'cn-north-1',
    credentials: localCredentials,
    endpoint: 'http://127.0.0.1:1',
    maxAttempts: 3,
    requestHandler: {
      handle: async () => {
        sent.count++;
        return { response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from('{}')]) }) };
      },
    },
  });
  return { client, sent };
}

const getItem = new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } });
const env = (plan: object) => ({ FAULTS: JSON.stringify(plan), AWS_LAMBDA_FUNCTION_NAME: 'couponClaim' });

describe('the fault layer', () => {
  it('adds nothing without FAULTS', async () => {
    const { client, sent } = countingClient();
    withFaults(client, 'dynamodb', {});
    await client.send(getItem);
    expect(sent.count).toBe(1);
  });

  it('throttles before sending, and the SDK retries it as a real throttle until its attempts are used up', async () => {
    const { client, sent } = countingClient();
    withFaults(client, 'dynamodb', env({ dynamodb: { throttle: 1 } }));
    const error = await client.send(getItem).catch((e: unknown) => e as Error & { $metadata: { attempts?: number } });
    expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    expect(error.$metadata.attempts).toBe(3);
    expect(sent.count).toBe(0);
    expect(problemFor(error, { requestId: 'r' })).toMatchObject({ statusCode: 429, headers: { 'retry-after': '1' } });
  }, 15_000);

  it('sends a timed-out call (it may have been applied) and loses its answer; the caller is told 503', async () => {
    const { client, sent } = countingClient();
    withFaults(client, 'dynamodb', env({ dynamodb: { timeout: 1 } }));
    const error = (await client.send(getItem).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('TimeoutError');
    expect(sent.count).toBe(3);
    expect(problemFor(error, { requestId: 'r' })).toMatchObject({ statusCode: 503, headers: { 'retry-after': '2' } });
  }, 15_000);

  it('is never switched on by the environment a deployed function gets (only the local runtime adds FAULTS)', () => {
    const resolver = { tableName: (t: string) => t, queueUrl: (q: string) => q, bucketName: (b: string) => b, secret: (name: string): [string, string] => [`${name}_ARN`, 'arn'] };
    for (const spec of Object.values(system.functions)) {
      expect(environmentOf(spec, system, resolver, { stage: 'prod', corsOrigins: '*' })).not.toHaveProperty('FAULTS');
    }
  });

  it('leaves the other service alone, and refuses a malformed plan', () => {
    const { client } = countingClient();
    const before = client.middlewareStack.identify().length;
    withFaults(client, 'dynamodb', env({ sqs: { fail: 0.5 } }));
    expect(client.middlewareStack.identify()).toHaveLength(before);
    expect(() => parseFaultPlan('{"dynamodb":{"throttle":2}}')).toThrow(/share from 0 to 1/);
    expect(() => parseFaultPlan('{"dynamodb":{"lose":0.1}}')).toThrow(/throttle, timeout or fail/);
    expect(() => parseFaultPlan('{"dynamodb":{"throttle":0.6,"fail":0.6}}')).toThrow(/more than 1/);
  });

  it('picks the same faults from the same seed, in about the shares asked', () => {
    const rates = { throttle: 0.1, fail: 0.05, timeout: 0.05 };
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 10_000 }, () => pickFault(rates, random()));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const picked = run(7);
    const share = (kind: string) => picked.filter((k) => k === kind).length / picked.length;
    expect(share('throttle')).toBeCloseTo(0.1, 1);
    expect(share('fail')).toBeCloseTo(0.05, 1);
    expect(share('timeout')).toBeCloseTo(0.05, 1);
  });
});
