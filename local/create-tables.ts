/**
 * Creates the system's tables from shared/resources.ts, the same definitions the CDK stack uses.
 * Existing tables are kept (their data survives restarts); indexes added to a definition since
 * are added to the table, and so are a stream and a time-to-live a definition has since asked for
 * (a data folder older than the inbox's TTL would otherwise keep every notice for ever).
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import type { IndexDefinition, KeyAttribute, TableDefinition } from '../shared/resources';

const keySchema = (partition: KeyAttribute, sort?: KeyAttribute): KeySchemaElement[] => [
  { AttributeName: partition.name, KeyType: 'HASH' },
  ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
];

const indexSpec = (index: IndexDefinition) => ({
  IndexName: index.name,
  KeySchema: keySchema(index.partitionKey, index.sortKey),
  Projection: { ProjectionType: 'ALL' as const },
});

function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  const keys = [definition.partitionKey, definition.sortKey, ...(definition.indexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey])];
  const byName = new Map<string, AttributeDefinition>();
  for (const key of keys) if (key) byName.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  return [...byName.values()];
}

export async function ensureTable(client: DynamoDBClient, name: string, definition: TableDefinition): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (definition.stream && !Table?.StreamSpecification?.StreamEnabled) {
      await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }));
    }
    const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    for (const index of definition.indexes ?? []) {
      if (existing.has(index.name)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: attributeDefinitions(definition),
          GlobalSecondaryIndexUpdates: [{ Create: indexSpec(index) }],
        }),
      );
    }
    await ensureTimeToLive(client, name, definition);
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keySchema(definition.partitionKey, definition.sortKey),
      AttributeDefinitions: attributeDefinitions(definition),
      GlobalSecondaryIndexes: definition.indexes?.length ? definition.indexes.map(indexSpec) : undefined,
      StreamSpecification: definition.stream ? { StreamEnabled: true, StreamViewType: definition.stream } : undefined,
    }),
  );
  await ensureTimeToLive(client, name, definition);
}

async function ensureTimeToLive(client: DynamoDBClient, name: string, definition: TableDefinition): Promise<void> {
  if (!definition.timeToLiveAttribute) return;
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' || TimeToLiveDescription?.TimeToLiveStatus === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
    }),
  );
}

export async function ensureTables(
  client: DynamoDBClient,
  tables: Record<string, TableDefinition>,
  nameOf: (table: string) => string,
): Promise<void> {
  for (const [table, definition] of Object.entries(tables)) await ensureTable(client, nameOf(table), definition);
}
