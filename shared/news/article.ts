/**
 * A union's news article and the rules of the feed: where an article stands in a feed (pinned
 * first, then newest), how the feeds of a member's union chain are merged into one page under one
 * cursor, and the page's entity tag. Plain TypeScript: no storage, no HTTP.
 */
import { createHash } from 'node:crypto';
import { mergeSorted } from '../pagination';

export const coverTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type CoverType = (typeof coverTypes)[number];
/** The largest cover accepted (signed into the upload URL, so S3 refuses a larger file). */
export const MAX_COVER_BYTES = 5 * 1024 * 1024;

export interface Cover {
  key: string;
  contentType: CoverType;
  sizeBytes: number;
}

export type ArticleStatus = 'published' | 'unpublished';

/** What a feed shows of an article: everything but the body. */
export interface FeedEntry {
  articleId: string;
  organisationId: string;
  organisationName: string;
  title: string;
  excerpt: string;
  pinned: boolean;
  cover?: Cover;
  publishedAt: string;
  updatedAt: string;
  /** Grows by one with every change: a feed page's entity tag is made of its articles' versions. */
  version: number;
  /** Its place in a feed (see `placeOf`). */
  place: string;
}

export interface Article extends FeedEntry {
  /** Markdown, as the admin wrote it. */
  body: string;
  /** The union's path when the article was published (the admins' subtree listing goes by it). */
  organisationPath: string;
  status: ArticleStatus;
  publishedBy: string;
  updatedBy: string;
  unpublishedAt?: string;
  unpublishedBy?: string;
}

/**
 * Where an article stands in a feed, as one string that sorts as the feed does when read
 * newest-first (descending): pinned ones (P) before the rest (N), then by publication time, the
 * id breaking ties. Every union's feed partition is sorted by it, so one place is a position in
 * all of them at once — which is what lets one cursor page through several merged feeds.
 * An edit keeps `publishedAt`, so an article keeps its place unless it is pinned or unpinned.
 */
export const placeOf = (article: Pick<FeedEntry, 'pinned' | 'publishedAt' | 'articleId'>): string =>
  `${article.pinned ? 'P' : 'N'}#${article.publishedAt}#${article.articleId}`;

const PLACE = /^[PN]#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f-]{36}$/;
export const isPlace = (value: unknown): value is string => typeof value === 'string' && PLACE.test(value);

/** The first words of the body without Markdown's marks, for a feed's card. */
export function excerptOf(markdown: string, length = 120): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length).join('')}…`;
}

/** One union's feed, read from a place on (exclusive), newest first. */
export type ReadFeed = (organisationId: string, page: { before?: string; limit: number }) => Promise<{ entries: FeedEntry[]; more: boolean }>;

/**
 * One page of the feeds of several unions, merged (`mergeSorted`, newest place first): each
 * union's feed is read once from the same place (the cursor), all at once, and more only when
 * its entries run out before the page is full. The page ends where its last entry stands.
 */
export async function mergeFeeds(organisationIds: string[], page: { before?: string; limit: number }, read: ReadFeed): Promise<{ entries: FeedEntry[]; next?: string }> {
  const feeds = [...new Set(organisationIds)].map((organisationId) => async (before: string | undefined, limit: number) => {
    const { entries, more } = await read(organisationId, { before, limit });
    return { items: entries, more };
  });
  const { items, next } = await mergeSorted(feeds, (entry) => entry.place, { from: page.before, limit: page.limit, descending: true });
  return { entries: items, next };
}

/**
 * The entity tag of a feed page: a hash of what makes it — whose feed, where it starts, each
 * article's id and version in order, where the next page starts — and of the window its cover
 * URLs are signed for. Any article on the page published, edited, pinned or unpublished changes
 * it; so does the next hour (fresh cover URLs). A strong tag, quoted.
 */
export function feedTag(page: { feed: string; cursor?: string; entries: Pick<FeedEntry, 'articleId' | 'version'>[]; next?: string; coverWindow: string }): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([page.feed, page.cursor ?? '', page.entries.map((entry) => `${entry.articleId}:${entry.version}`), page.next ?? '', page.coverWindow]))
    .digest('base64url');
  return `"${hash.slice(0, 27)}"`;
}

/** Whether an If-None-Match header names the tag (a list, weak tags and * included, RFC 9110 §13.1.2). */
export function matchesTag(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .some((candidate) => candidate === '*' || candidate === tag);
}
