/** Reading why a DynamoDB transaction was cancelled: which of its items failed its condition. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

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
