/** Opaque page cursors: DynamoDB's LastEvaluatedKey, base64url-encoded for the client. */
import { InvalidCursor } from './errors';

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  cursor?: string;
}

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    // A key is a flat object of string and number attributes; anything else was not ours.
    const flat = (value: unknown) => typeof value === 'string' || typeof value === 'number';
    if (typeof key === 'object' && key !== null && !Array.isArray(key) && Object.values(key).every(flat) && Object.keys(key).length > 0) {
      return key as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw new InvalidCursor();
}
