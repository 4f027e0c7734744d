/** The ports through which the news rules reach storage and the cover images' bucket. */
import type { Page } from '../pagination';
import type { Article, FeedEntry, ReadFeed } from './article';

export interface NewsStore {
  /** The article and its entry in its union's feed, in one transaction (which raises the feed's version). */
  publish(article: Article): Promise<void>;
  /** The article read consistently. */
  article(articleId: string): Promise<Article | undefined>;
  /**
   * Replaces the article with `changed` (its next version) and its feed entry with one at the
   * changed place, in one transaction, only from the version read and while published; false when
   * it changed meanwhile.
   */
  update(read: Article, changed: Article): Promise<boolean>;
  /** The article unpublished (from the version read) and its feed entry gone, in one transaction; false when it changed meanwhile. */
  unpublish(read: Article, changed: Article): Promise<boolean>;
  /** One union's feed from a place on, newest first, read consistently (an unpublished article is gone at once). */
  feed: ReadFeed;
  /**
   * Each union's feed version, read consistently in one batch: raised by every publish, edit and
   * unpublish in its feed, in the same transaction; a union whose feed never changed is absent.
   */
  feedVersions(organisationIds: string[]): Promise<Map<string, number>>;
  /** The articles of the unions whose path (at publication) starts with `pathPrefix`, unpublished ones too. */
  bySubtree(pathPrefix: string, page: { limit: number; cursor?: string }): Promise<Page<Article>>;
}

/** Presigned URLs for cover images: a PUT for one declared file, a GET to show one. */
export interface CoverImages {
  uploadUrl(key: string, contentType: string, sizeBytes: number): Promise<{ url: string; expiresAt: string }>;
  /** A view URL signed at the start of `window` (so the same within it), valid for two windows. */
  viewUrl(key: string, window: Date): Promise<string>;
}

export type { FeedEntry };
