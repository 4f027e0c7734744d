/** DynamoDB transactions: writing items together, and reading why one was cancelled (which item's condition failed). */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { isConflict } from './conflicts';

/** Writes the items together or not at all; each item's condition says which promise it keeps. */
export const transactWrite = (documents: DynamoDBDocumentClient, items: NonNullable<TransactWriteCommandInput['TransactItems']>) =>
  documents.send(new TransactWriteCommand({ TransactItems: items }));

/** Indexes of the transaction's items whose condition failed, or undefined if it failed otherwise. */
export function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
  return failed.length > 0 ? failed : undefined;
}

/** True when a single-item write was refused by its condition. */
export const isConditionFailed = (error: unknown): boolean => (error as Error | null)?.name === 'ConditionalCheckFailedException';

/** True when item `index` of a transaction was the one whose condition failed. */
export const conditionFailedAt = (error: unknown, index: number): boolean => failedConditions(error)?.includes(index) ?? false;

/**
 * Runs a write again, after a short random pause, when it failed only by conflicting with
 * another transaction on a shared item (a member's unread count); a failed condition is the
 * answer and is thrown at once.
 */
export async function retryConflicts<T>(write: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isConflict(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}

/**
 * Sends a write whose condition keeps a promise and, when the condition refuses it, throws what
 * `refusal` names the broken promise in the domain's words instead (given the indexes of the
 * failed items: [0] for a single-item write). A failure `refusal` does not name is thrown as it came.
 */
export async function refusedAs<T>(write: Promise<T>, refusal: (failed: number[]) => Error | undefined): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const failed = isConditionFailed(error) ? [0] : failedConditions(error);
    throw (failed && refusal(failed)) || error;
  }
}

/** Whether a conditional write happened: false when its condition (any item's, in a transaction) refused it. */
export async function writtenUnlessRefused(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailed(error) || failedConditions(error)) return false;
    throw error;
  }
}

/**
 * A put of `item` only over the record as it was read (its status and version, and `alsoRequire`
 * when given): of two changes made from one read, only the first is written.
 */
export const putOverRead = (tableName: string, item: Record<string, unknown>, read: { status: string; version: number }, alsoRequire?: string) => ({
  Put: {
    TableName: tableName,
    Item: item,
    ConditionExpression: ['#status = :readStatus AND version = :readVersion', alsoRequire].filter(Boolean).join(' AND '),
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':readStatus': read.status, ':readVersion': read.version },
  },
});
