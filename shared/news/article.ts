/**
 * A union's news article and the rules of the feed: where an article stands in a feed (pinned
 * first, then newest), how the feeds of a member's union chain are merged into one page under one
 * cursor, and the page's entity tag. Plain TypeScript: no storage, no HTTP.
 */
import { createHash } from 'node:crypto';

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
 * One page of the feeds of several unions, merged: each union's feed is read from the same place
 * (the cursor) for at most `limit` entries, all at once; the `limit` first of them all, by place,
 * are the page — no entry that belongs on this page can be missing, as each feed gave its own
 * first `limit`. The page ends where its last entry stands; there is more when any feed had
 * more, or more was read than kept.
 */
export async function mergeFeeds(
  organisationIds: string[],
  page: { before?: string; limit: number },
  read: ReadFeed,
): Promise<{ entries: FeedEntry[]; next?: string }> {
  const feeds = await Promise.all([...new Set(organisationIds)].map((organisationId) => read(organisationId, page)));
  const all = feeds
    .flatMap((feed) => feed.entries)
    .filter((entry) => page.before === undefined || entry.place < page.before)
    .sort((a, b) => (a.place < b.place ? 1 : a.place > b.place ? -1 : 0));
  const entries = all.slice(0, page.limit);
  const more = feeds.some((feed) => feed.more) || all.length > entries.length;
  return { entries, next: more && entries.length > 0 ? entries.at(-1)!.place : undefined };
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
