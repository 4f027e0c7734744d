/** Tables and queues built locally from the same definitions as the stack. */
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { ensureTable } from '../../local/create-tables';
import { startSqsLocal } from '../../local/sqs-local';
import { tables } from '../../shared/resources';
import { freshTables, localDynamo } from '../support/local-aws';

const { client } = localDynamo();

describe('tables from the definitions', () => {
  it('creates keys and indexes as defined, and is safe to run again', async () => {
    const nameOf = await freshTables(client);
    await ensureTable(client, nameOf('organisations'), tables.organisations);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: nameOf('organisations') }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byParent']);
  });

  it('adds an index that a definition gained since the table was made', async () => {
    const name = `grow-${Date.now()}`;
    const base = { description: '', partitionKey: { name: 'pk', type: 'S' as const } };
    await ensureTable(client, name, base);
    await ensureTable(client, name, { ...base, indexes: [{ name: 'byCity', partitionKey: { name: 'city', type: 'S' } }] });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byCity']);
  });

  it('turns on a time-to-live that a definition gained since the table was made, once', async () => {
    const name = `expire-${Date.now()}`;
    const base = { description: '', partitionKey: { name: 'pk', type: 'S' as const } };
    await ensureTable(client, name, base);
    const before = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(before.TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
    await ensureTable(client, name, { ...base, timeToLiveAttribute: 'expiresAt' });
    await ensureTable(client, name, { ...base, timeToLiveAttribute: 'expiresAt' }); // and again: nothing to do
    const after = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(after.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });
});

describe('queues from the definitions', () => {
  it('gives each queue its visibility timeout and a dead-letter queue after its receive count', async () => {
    const sqs = await startSqsLocal({
      payouts: { description: '', visibilityTimeoutSeconds: 90, maxReceiveCount: 5, retentionDays: 4 },
    });
    try {
      const { Attributes } = await sqs.client.send(
        new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrls.payouts, AttributeNames: ['All'] }),
      );
      expect(Attributes?.VisibilityTimeout).toBe('90');
      expect(JSON.parse(Attributes!.RedrivePolicy!)).toMatchObject({ maxReceiveCount: 5 });
      expect(sqs.deadLetterUrls.payouts).toContain('payouts-dlq');
    } finally {
      await sqs.stop();
    }
  });
});
