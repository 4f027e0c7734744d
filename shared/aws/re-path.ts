/**
 * The background half of a subtree move, for one kind of record: every item an index lists under
 * the old union path gets the new one. Each pass reads the items still under the old path (moved
 * ones drop out of the query) and updates each one only from the copy read (`update` carries that
 * condition), so a redelivered move or a record changed meanwhile is left as it is.
 */
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed } from './transactions';

export interface PathIndex {
  table: string;
  index: string;
  /** Attribute names of the index's keys, e.g. gsi2pk / gsi2sk. */
  partitionKey: string;
  sortKey: string;
}

export async function rePathUnder(
  documents: DynamoDBDocumentClient,
  where: PathIndex & { partition: string; prefix: string },
  /** The update that moves one item, conditional on the item as read. */
  update: (item: Record<string, unknown>) => Omit<UpdateCommandInput, 'TableName'>,
  deadline: number,
): Promise<{ moved: number; done: boolean }> {
  let moved = 0;
  for (;;) {
    if (Date.now() > deadline) return { moved, done: false };
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: where.table,
        IndexName: where.index,
        KeyConditionExpression: '#pk = :partition AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': where.partitionKey, '#sk': where.sortKey },
        ExpressionAttributeValues: { ':partition': where.partition, ':prefix': where.prefix },
        Limit: 100,
      }),
    );
    if (Items.length === 0) return { moved, done: true };
    let movedThisPass = 0;
    for (const item of Items) {
      try {
        await documents.send(new UpdateCommand({ TableName: where.table, ...update(item) }));
        moved++;
        movedThisPass++;
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }
    // The index is eventually consistent: give it a moment to drop items already moved.
    if (movedThisPass === 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Runs re-path steps one after another while there is time; done when every one is. */
export async function rePathAll(steps: (() => Promise<{ moved: number; done: boolean }>)[]): Promise<{ moved: number; done: boolean }> {
  let moved = 0;
  for (const step of steps) {
    const result = await step();
    moved += result.moved;
    if (!result.done) return { moved, done: false };
  }
  return { moved, done: true };
}
