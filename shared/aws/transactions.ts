/** Reading why a DynamoDB transaction was cancelled: which of its items failed its condition. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Indexes of the transaction's items whose condition failed, or undefined if it failed otherwise. */
export function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
  return failed.length > 0 ? failed : undefined;
}
