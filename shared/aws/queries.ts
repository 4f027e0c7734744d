/** How the stores read: a key range one page for a client or every page for ourselves, and many keys at once. */
import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { InvalidCursor } from '../errors';
import { decodeCursor, encodeCursor, type Page } from '../pagination';

type Item = Record<string, unknown>;

/** One page of a query, with an opaque cursor for the next. */
export async function queryPage<T>(
  documents: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  page: { limit: number; cursor?: string },
  toItem: (item: Item) => T,
): Promise<Page<T>> {
  const result = await documents
    .send(new QueryCommand({ ...input, Limit: page.limit, ExclusiveStartKey: decodeCursor(page.cursor) }))
    .catch((error: Error) => {
      // DynamoDB refuses a start key that is not of this table or index ("The provided starting key is invalid").
      if (page.cursor && error.name === 'ValidationException') throw new InvalidCursor();
      throw error;
    });
  return { items: (result.Items ?? []).map(toItem), cursor: encodeCursor(result.LastEvaluatedKey) };
}

/**
 * One page of partition `pk`'s items whose sort key starts with `skPrefix` (a member's notices,
 * her access log). The cursor must be a place in that same range: one from another partition, or
 * from another prefix of it (another list in the same table), is refused rather than read from.
 */
export function queryPageUnder<T>(
  documents: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  skPrefix: string,
  page: { limit: number; cursor?: string },
  toItem: (item: Item) => T,
  options: Pick<QueryCommandInput, 'ScanIndexForward' | 'ConsistentRead'> = {},
): Promise<Page<T>> {
  const start = decodeCursor(page.cursor);
  if (start && (start.pk !== pk || typeof start.sk !== 'string' || !start.sk.startsWith(skPrefix) || Object.keys(start).length !== 2)) {
    throw new InvalidCursor();
  }
  return queryPage(
    documents,
    { TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix }, ...options },
    page,
    toItem,
  );
}

/** Every item of a small key range (a member's history, today's campaigns), page after page. */
export async function queryAll(documents: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await documents.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every item of partition `pk` whose sort key starts with `skPrefix` (a draw's slots, an application's events). */
export const queryAllUnder = (
  documents: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  skPrefix: string,
  options: Pick<QueryCommandInput, 'ConsistentRead' | 'ProjectionExpression'> = {},
): Promise<Item[]> =>
  queryAll(documents, { TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix }, ...options });

/**
 * The query, leaving out the items whose own copy of their path (`pathAttribute`, e.g.
 * `membership.orgPath`) starts with one of `prefixes` (subtrees moved away or that run their own
 * list). A filter cannot name the index's keys, so it reads the item's copy, which says the same.
 */
export function excludingPaths<I extends Omit<QueryCommandInput, 'ExclusiveStartKey'>>(input: I, pathAttribute: string, prefixes: string[]): I & Pick<QueryCommandInput, 'FilterExpression'> {
  if (prefixes.length === 0) return input;
  const path = pathAttribute.split('.').map((_, i) => `#path${i}`);
  const values = Object.fromEntries(prefixes.map((prefix, i) => [`:out${i}`, prefix]));
  return {
    ...input,
    FilterExpression: Object.keys(values).map((name) => `NOT begins_with(${path.join('.')}, ${name})`).join(' AND '),
    ExpressionAttributeNames: { ...input.ExpressionAttributeNames, ...Object.fromEntries(pathAttribute.split('.').map((segment, i) => [path[i], segment])) },
    ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ...values },
  };
}

/** Every item of one partition of the table or of an index (`{ gsi4pk: 'UNFINISHED' }`): the moves in flight, the open draws. */
export const queryAllOf = (
  documents: DynamoDBDocumentClient,
  tableName: string,
  partition: Record<string, string>,
  options: Pick<QueryCommandInput, 'IndexName' | 'ConsistentRead' | 'ProjectionExpression'> = {},
): Promise<Item[]> => {
  const [[key, value]] = Object.entries(partition) as [[string, string]];
  return queryAll(documents, { TableName: tableName, KeyConditionExpression: `${key} = :partition`, ExpressionAttributeValues: { ':partition': value }, ...options });
};

/** The partition of a province-wide subtree index (`DRAWS#gd`): a province's records of one kind, their union path leading the sort key. */
export const provincePartition = (kind: string, path: string) => `${kind}#${path.split('/')[0]}`;

/** The records of a subtree index (`index`: its name and key attributes) whose union path starts with `pathPrefix`. */
export const underSubtree = (tableName: string, index: { name: string; pk: string; sk: string }, kind: string, pathPrefix: string) => ({
  TableName: tableName,
  IndexName: index.name,
  KeyConditionExpression: `${index.pk} = :province AND begins_with(${index.sk}, :path)`,
  ExpressionAttributeValues: { ':province': provincePartition(kind, pathPrefix), ':path': pathPrefix },
});

/**
 * The items of `keys` in `table` that exist, in no particular order: BatchGetItem 100 keys at a
 * time, the keys DynamoDB left unprocessed (it does under load) asked again after a short pause
 * that grows with each round, as AWS advises.
 */
export async function batchGetAll(
  documents: DynamoDBDocumentClient,
  table: string,
  keys: Item[],
  options: { consistent?: boolean; projection?: string; names?: Record<string, string> } = {},
): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Item[] | undefined = keys.slice(i, i + 100);
    for (let round = 1; pending && pending.length > 0; round++) {
      if (round > 1) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(round - 2, 5) * (0.5 + Math.random())));
      const result = await documents.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ...(options.consistent && { ConsistentRead: true }),
              ...(options.projection && { ProjectionExpression: options.projection }),
              ...(options.names && { ExpressionAttributeNames: options.names }),
            },
          },
        }),
      );
      found.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys as Item[] | undefined;
    }
  }
  return found;
}
