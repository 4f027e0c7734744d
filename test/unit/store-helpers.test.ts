/** The adapters' shared DynamoDB helpers without a database: refused writes, reads over a subtree. */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { excludingPaths, provincePartition, underSubtree } from '../../shared/aws/queries';
import { putOverRead, refusedAs, writtenUnlessRefused } from '../../shared/aws/transactions';

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('refusedAs', () => {
  it("answers the write's own answer when it is written", async () => {
    await expect(refusedAs(Promise.resolve('written'), () => new Error('refused'))).resolves.toBe('written');
  });

  it('names a refused single write, as item 0', async () => {
    const seen: number[][] = [];
    const refusal = (failed: number[]) => (seen.push(failed), new Error('closed'));
    await expect(refusedAs(Promise.reject(conditionFailed()), refusal)).rejects.toThrow('closed');
    expect(seen).toEqual([[0]]);
  });

  it("names a transaction's refusal by the items whose condition failed", async () => {
    const refusal = (failed: number[]) => (failed.includes(2) ? new Error('objected already') : failed.includes(0) ? new Error('changed') : undefined);
    await expect(refusedAs(Promise.reject(cancelled('None', 'None', 'ConditionalCheckFailed')), refusal)).rejects.toThrow('objected already');
    await expect(refusedAs(Promise.reject(cancelled('ConditionalCheckFailed', 'None', 'None')), refusal)).rejects.toThrow('changed');
  });

  it('throws as it came what the refusal does not name, and every other failure', async () => {
    const unnamed = cancelled('None', 'ConditionalCheckFailed');
    await expect(refusedAs(Promise.reject(unnamed), (failed) => (failed.includes(0) ? new Error('x') : undefined))).rejects.toBe(unnamed);
    const conflict = cancelled('TransactionConflict');
    await expect(refusedAs(Promise.reject(conflict), () => new Error('x'))).rejects.toBe(conflict);
    const throttled = Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' });
    await expect(refusedAs(Promise.reject(throttled), () => new Error('x'))).rejects.toBe(throttled);
  });
});

describe('writtenUnlessRefused', () => {
  it('is true when written, false when a condition refused it, and throws anything else', async () => {
    await expect(writtenUnlessRefused(Promise.resolve({}))).resolves.toBe(true);
    await expect(writtenUnlessRefused(Promise.reject(conditionFailed()))).resolves.toBe(false);
    await expect(writtenUnlessRefused(Promise.reject(cancelled('None', 'ConditionalCheckFailed')))).resolves.toBe(false);
    await expect(writtenUnlessRefused(Promise.reject(cancelled('TransactionConflict')))).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});

describe('putOverRead', () => {
  it('puts only over the status and version read, and what else is required', () => {
    expect(putOverRead('t', { pk: 'A' }, { status: 'pending', version: 3 }, 'attribute_not_exists(x)')).toEqual({
      Put: {
        TableName: 't',
        Item: { pk: 'A' },
        ConditionExpression: '#status = :readStatus AND version = :readVersion AND attribute_not_exists(x)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':readStatus': 'pending', ':readVersion': 3 },
      },
    });
  });
});

describe('reads over a subtree', () => {
  const query = underSubtree('draws', { name: 'bySubtree', pk: 'gsi3pk', sk: 'gsi3sk' }, 'DRAWS', 'gd/gz/');

  it("reads the province's partition by the path prefix, with the key items are written under", () => {
    expect(provincePartition('DRAWS', 'gd/gz/tianhe/')).toBe('DRAWS#gd');
    expect(query).toEqual({
      TableName: 'draws',
      IndexName: 'bySubtree',
      KeyConditionExpression: 'gsi3pk = :province AND begins_with(gsi3sk, :path)',
      ExpressionAttributeValues: { ':province': 'DRAWS#gd', ':path': 'gd/gz/' },
    });
  });

  it("leaves out subtrees by the item's own copy of its path, keeping the query's names and values", () => {
    expect(excludingPaths(query, 'organisationPath', [])).toBe(query);
    const filtered = excludingPaths({ ...query, ExpressionAttributeNames: { '#s': 'status' } }, 'membership.orgPath', ['gd/gz/a/', 'gd/gz/b/']);
    expect(filtered.FilterExpression).toBe('NOT begins_with(#path0.#path1, :out0) AND NOT begins_with(#path0.#path1, :out1)');
    expect(filtered.ExpressionAttributeNames).toEqual({ '#s': 'status', '#path0': 'membership', '#path1': 'orgPath' });
    expect(filtered.ExpressionAttributeValues).toEqual({ ':province': 'DRAWS#gd', ':path': 'gd/gz/', ':out0': 'gd/gz/a/', ':out1': 'gd/gz/b/' });
  });
});
