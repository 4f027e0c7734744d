/** The two ways the stores read a key range: one page for a client, or every page for ourselves. */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
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
