/** Pages merged from several sorted sources under one cursor (shared/pagination.ts), with fakes. */
import { describe, expect, it } from 'vitest';
import { mergeSorted, type SortedSource } from '../../shared/pagination';

/** A sorted source over a list of places, read from a place on as a store reads an index. */
const source = (places: string[], descending = false, reads: string[] = []): SortedSource<string> => async (from, limit) => {
  reads.push(places.join());
  const rest = [...places].sort().filter((p) => from === undefined || (descending ? p < from : p > from));
  if (descending) rest.reverse();
  return { items: rest.slice(0, limit), more: rest.length > limit };
};

/** Every page from the start, each from where the last ended. */
async function allPages(sources: SortedSource<string>[], limit: number, options: { descending?: boolean; keep?: (place: string) => boolean } = {}) {
  const pages: string[][] = [];
  let from: string | undefined;
  for (let n = 0; n < 20; n++) {
    const page = await mergeSorted(sources, (place) => place, { from, limit, ...options });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.items);
    if (!page.next) return pages;
    from = page.next;
  }
  throw new Error('never ended');
}

describe('merging sorted sources into pages', () => {
  it('lists soonest first across sources, page after page, each once, dropping what is not kept', async () => {
    const sources = [source(['a1', 'c3', 'e5', 'g7']), source(['b2', 'd4']), source([]), source(['f6', 'h8', 'i9'])];
    for (const limit of [1, 2, 3, 20]) {
      const pages = await allPages(sources, limit, { keep: (place) => place !== 'd4' });
      expect(pages.flat(), `limit ${limit}`).toEqual(['a1', 'b2', 'c3', 'e5', 'f6', 'g7', 'h8', 'i9']);
    }
  });

  it('lists newest first when descending, and reads a source again only when its buffer ran out', async () => {
    const reads: string[] = [];
    const sources = [source(['P5', 'N9', 'N4'], true, reads), source(['N8', 'N7', 'N2'], true, reads)];
    expect((await allPages(sources, 20, { descending: true })).flat()).toEqual(['P5', 'N9', 'N8', 'N7', 'N4', 'N2']);
    expect(reads).toHaveLength(2);
    expect((await allPages(sources, 2, { descending: true })).flat()).toEqual(['P5', 'N9', 'N8', 'N7', 'N4', 'N2']);
  });

  it('ends without a cursor when every source is spent', async () => {
    const page = await mergeSorted([source(['a', 'b']), source(['c'])], (place) => place, { limit: 3 });
    expect(page).toEqual({ items: ['a', 'b', 'c'] });
  });
});
