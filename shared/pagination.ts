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

/** Every item of a paged list, page after page (for jobs that must see all of one, not for answers). */
export async function everyPage<T>(read: (page: { limit: number; cursor?: string }) => Promise<Page<T>>, limit = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit, cursor });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/**
 * One page read across several sources in order (a subtree's prefixes while a move is in flight,
 * or status after status): from `start` (a source index and its inner cursor), until `limit`
 * items are kept or the sources run out. An item met twice (under its old and new path) is kept
 * once; `keep` drops what the caller must not list. Answers where the next page starts.
 */
export async function readAcross<S, T>(
  sources: S[],
  start: { index: number; inner?: string },
  limit: number,
  read: (source: S, page: { limit: number; cursor?: string }) => Promise<Page<T>>,
  idOf: (item: T) => string,
  keep: (item: T, source: S) => boolean | Promise<boolean> = () => true,
): Promise<{ items: T[]; next?: { source: S; inner?: string } }> {
  let { index, inner } = start;
  const items: T[] = [];
  const seen = new Set<string>();
  while (index < sources.length && items.length < limit) {
    const source = sources[index]!;
    const page = await read(source, { limit: limit - items.length, cursor: inner });
    for (const item of page.items) {
      if (seen.has(idOf(item)) || !(await keep(item, source))) continue;
      seen.add(idOf(item));
      items.push(item);
    }
    if (page.cursor) inner = page.cursor;
    else {
      index++;
      inner = undefined;
    }
  }
  return { items, next: index < sources.length ? { source: sources[index]!, inner } : undefined };
}

/** A source of a merged page: its items from a place on (exclusive; from its start when none), in the page's order. */
export type SortedSource<T> = (from: string | undefined, limit: number) => Promise<{ items: T[]; more: boolean }>;

/**
 * One page merged from several sources sorted the same way (by `placeOf`: soonest first, or
 * newest first when `descending`): every source is read from the place the last page ended, a
 * bufferful at a time, all at once, and the first head in that order is taken next, until `limit`
 * are kept. `keep` drops what the caller must not see (it still moves the place on). Answers the
 * page and, when any source may have more, the place to carry on from — the cursor is just that
 * place, as every source shares the one order. Activities open to a member and a member's news
 * feed are pages of it; `readAcross` is for sources read one after another instead.
 */
export async function mergeSorted<T>(
  sources: SortedSource<T>[],
  placeOf: (item: T) => string,
  page: { from?: string; limit: number; descending?: boolean; keep?: (item: T) => boolean },
): Promise<{ items: T[]; next?: string }> {
  const comesFirst = (a: string, b: string) => (page.descending ? a > b : a < b);
  const buffers = sources.map((read) => ({ read, items: [] as T[], more: true, from: page.from }));
  const items: T[] = [];
  let last: string | undefined;
  for (;;) {
    if (items.length >= page.limit) return { items, next: buffers.some((buffer) => buffer.items.length > 0 || buffer.more) ? last : undefined };
    await Promise.all(
      buffers
        .filter((buffer) => buffer.items.length === 0 && buffer.more)
        .map(async (buffer) => {
          const read = await buffer.read(buffer.from, page.limit);
          buffer.items = [...read.items]; // consumed below; a source's own list is left as it was (it may be kept)
          buffer.more = read.more && read.items.length > 0;
          if (read.items.length > 0) buffer.from = placeOf(read.items.at(-1)!);
        }),
    );
    const left = buffers.filter((buffer) => buffer.items.length > 0);
    if (left.length === 0) return { items };
    const first = left.reduce((a, b) => (comesFirst(placeOf(b.items[0]!), placeOf(a.items[0]!)) ? b : a));
    const item = first.items.shift()!;
    last = placeOf(item);
    if (page.keep?.(item) ?? true) items.push(item);
  }
}
