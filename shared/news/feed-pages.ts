/**
 * The feed pages a container has read, kept while their union's feed has not changed.
 *
 * Every member's feed reads the province's feed and her city's: at the rush hour those few
 * partitions would be read by every request (a partition serves about 3,000 read units a second),
 * and most unions' feeds are empty or change a few times a month. So each union's feed has a
 * version, raised in the same transaction as every publish, edit and unpublish in it; a request
 * reads its chain's versions in one consistent batch, and only the feeds whose version moved
 * since this container read them are queried again. Nothing is served stale: a page is kept
 * under the version read *before* its query, so a change racing the query makes it read again.
 */
import type { FeedEntry, ReadFeed } from './article';

interface KeptPage {
  version: number;
  page: { entries: FeedEntry[]; more: boolean };
}

/** How many pages a container keeps (a page is at most 50 small entries: a few MB at most). */
const DEFAULT_PAGES = 256;

export class FeedPages {
  /** In the order last used (a Map keeps insertion order): the first is the one to drop. */
  private readonly pages = new Map<string, KeptPage>();

  constructor(private readonly capacity = DEFAULT_PAGES) {}

  /**
   * A feed reader for one request: `versions` are the chain's feed versions read for it (0, or
   * absent, for a feed never changed), `read` the store's query.
   */
  reader(versions: ReadonlyMap<string, number>, read: ReadFeed): ReadFeed {
    return async (organisationId, page) => {
      const version = versions.get(organisationId) ?? 0;
      const key = `${organisationId}|${page.before ?? ''}|${page.limit}`;
      const kept = this.pages.get(key);
      this.pages.delete(key);
      if (kept && kept.version === version) {
        this.pages.set(key, kept);
        return kept.page;
      }
      const answer = await read(organisationId, page);
      // Frozen: a kept page is handed to later requests; code that changed it would throw, not serve a wrong page.
      const fresh = { entries: Object.freeze([...answer.entries]) as FeedEntry[], more: answer.more };
      this.pages.set(key, { version, page: fresh });
      if (this.pages.size > this.capacity) this.pages.delete(this.pages.keys().next().value!);
      return fresh;
    };
  }

  get size() {
    return this.pages.size;
  }
}
