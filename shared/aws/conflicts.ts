/**
 * Telling a DynamoDB write refused only because another transaction held one of its items at that
 * instant: nothing was applied, and the same write a moment later goes through. Told by the
 * error's name and cancellation reasons, not its class, so the HTTP request path can recognise it
 * without bundling the DynamoDB client.
 */

/** True when a write was refused only by a conflict with another transaction (no condition failed). */
export function isConflict(error: unknown): boolean {
  const { name, CancellationReasons } = (error ?? {}) as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (name === 'TransactionConflictException') return true;
  if (name !== 'TransactionCanceledException' || !Array.isArray(CancellationReasons)) return false;
  const codes = CancellationReasons.map((reason) => reason.Code);
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}
