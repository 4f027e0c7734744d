/**
 * Union news: an admin publishes an article for a union in her subtree (an operator anywhere),
 * edits, pins and unpublishes it; a member reads one feed made of her own union's articles and
 * those of every union above it, merged when read from each union's own feed (no copy per member,
 * no scan); admins list their subtree's articles.
 */
import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account';
import { InvalidCursor } from '../errors';
import { OrganisationNotFound } from '../organisations/errors';
import type { OrganisationReader } from '../organisations/organisation-store';
import { administersUnion, currentPathInScope, segmentsOf } from '../organisations/scope';
import { decodeCursor, encodeCursor, type Page } from '../pagination';
import { excerptOf, feedTag, isPlace, mergeFeeds, placeOf, type Article, type Cover, type CoverType, type FeedEntry } from './article';
import { ArticleChanged, ArticleNotFound, ArticleUnpublished } from './errors';
import type { FeedPages } from './feed-pages';
import type { CoverImages, NewsStore } from './news-store';

export interface NewsDependencies {
  news: NewsStore;
  orgs: OrganisationReader;
  covers: CoverImages;
}

export interface CoverDeclaration {
  contentType: CoverType;
  sizeBytes: number;
}

export interface ArticleInput {
  title: string;
  body: string;
  pinned?: boolean;
  cover?: CoverDeclaration;
}

/** An article as answered: the cover as a URL to show it, never its key or the union's path. */
export type ArticleView = Omit<Article, 'cover' | 'place' | 'organisationPath' | 'publishedBy' | 'updatedBy' | 'unpublishedBy'> & { coverUrl?: string };
export type ArticleSummary = Omit<ArticleView, 'body' | 'unpublishedAt'>;

export interface CoverUpload {
  uploadUrl: string;
  expiresAt: string;
  contentType: CoverType;
  sizeBytes: number;
}

const HOUR = 3_600_000;
/** Cover URLs are signed per hour: the same URL all hour (images cache), fresh ones the next. */
export const coverWindowOf = (now: Date) => new Date(Math.floor(now.getTime() / HOUR) * HOUR);

const extensions: Record<CoverType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

async function withCover(covers: CoverImages, articleId: string, declared: CoverDeclaration | undefined) {
  if (!declared) return {};
  const cover: Cover = { key: `news/${articleId}/${randomUUID()}.${extensions[declared.contentType]}`, contentType: declared.contentType, sizeBytes: declared.sizeBytes };
  const { url, expiresAt } = await covers.uploadUrl(cover.key, cover.contentType, cover.sizeBytes);
  return { cover, coverUpload: { uploadUrl: url, expiresAt, contentType: cover.contentType, sizeBytes: cover.sizeBytes } };
}

async function coverUrlOf(covers: CoverImages, entry: Pick<FeedEntry, 'cover'>, now: Date) {
  return entry.cover ? { coverUrl: await covers.viewUrl(entry.cover.key, coverWindowOf(now)) } : {};
}

export async function viewOf(covers: CoverImages, article: Article, now: Date = new Date()): Promise<ArticleView> {
  const { cover: _c, place: _p, organisationPath: _o, publishedBy: _pb, updatedBy: _ub, unpublishedBy: _u, ...rest } = article;
  return { ...rest, ...(await coverUrlOf(covers, article, now)) };
}

async function summaryOf(covers: CoverImages, entry: FeedEntry & { status?: Article['status'] }, now: Date): Promise<ArticleSummary> {
  return {
    articleId: entry.articleId,
    organisationId: entry.organisationId,
    organisationName: entry.organisationName,
    title: entry.title,
    excerpt: entry.excerpt,
    pinned: entry.pinned,
    status: entry.status ?? 'published',
    version: entry.version,
    publishedAt: entry.publishedAt,
    updatedAt: entry.updatedAt,
    ...(await coverUrlOf(covers, entry, now)),
  };
}

/**
 * An admin publishes an article for a union in her subtree (an operator, anywhere).
 *
 *  1. The union exists (404) and the caller administers it as the tree is now (403 NOT_IN_SCOPE).
 *  2. A declared cover gets its key and a presigned upload URL for exactly that type and size.
 *  3. The article and its entry in the union's feed are written in one transaction: from then on
 *     every member under the union sees it, at its place (pinned first, then newest).
 */
export async function publishArticle(deps: NewsDependencies, caller: Account, organisationId: string, input: ArticleInput, now: Date = new Date()) {
  const organisation = (await deps.orgs.getMany([organisationId]))[0];
  if (!organisation) throw new OrganisationNotFound(organisationId);
  const path = await currentPathInScope(caller, organisation, deps.orgs);
  const articleId = randomUUID();
  const at = now.toISOString();
  const { cover, coverUpload } = await withCover(deps.covers, articleId, input.cover);
  const pinned = input.pinned ?? false;
  const article: Article = {
    articleId,
    organisationId: organisation.id,
    organisationName: organisation.name,
    organisationPath: path,
    title: input.title,
    body: input.body,
    excerpt: excerptOf(input.body),
    pinned,
    ...(cover ? { cover } : {}),
    status: 'published',
    version: 1,
    publishedAt: at,
    publishedBy: caller.userId,
    updatedAt: at,
    updatedBy: caller.userId,
    place: placeOf({ pinned, publishedAt: at, articleId }),
  };
  await deps.news.publish(article);
  return { article: await viewOf(deps.covers, article, now), ...(coverUpload ? { coverUpload } : {}) };
}

/** An article the caller administers (its union's subtree, or an operator); anyone else is told it does not exist. */
async function administered(deps: Pick<NewsDependencies, 'news' | 'orgs'>, caller: Account, articleId: string): Promise<Article> {
  const article = await deps.news.article(articleId);
  if (!article || !(await administersUnion(caller, article.organisationId, deps.orgs, article.organisationPath))) throw new ArticleNotFound();
  return article;
}

/**
 * An admin of the article's union (as the tree is now) edits it: title, body, pin, a new cover.
 *
 *  1. The article exists and the caller administers its union; else 404, as for an unknown id.
 *  2. It is still published (409 ARTICLE_UNPUBLISHED).
 *  3. Its next version keeps its publication time — its place, unless pinned or unpinned.
 *  4. One transaction from the version read: the article and its feed entry (moved when the pin
 *     changed); a concurrent change wins and this one is refused (409 ARTICLE_CHANGED).
 */
export async function editArticle(deps: NewsDependencies, caller: Account, articleId: string, changes: Partial<ArticleInput>, now: Date = new Date()) {
  const article = await administered(deps, caller, articleId);
  if (article.status !== 'published') throw new ArticleUnpublished();
  const { cover, coverUpload } = await withCover(deps.covers, articleId, changes.cover);
  const pinned = changes.pinned ?? article.pinned;
  const body = changes.body ?? article.body;
  const changed: Article = {
    ...article,
    title: changes.title ?? article.title,
    body,
    excerpt: excerptOf(body),
    pinned,
    ...(cover ? { cover } : {}),
    version: article.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: caller.userId,
    place: placeOf({ pinned, publishedAt: article.publishedAt, articleId }),
  };
  if (!(await deps.news.update(article, changed))) throw new ArticleChanged();
  return { article: await viewOf(deps.covers, changed, now), ...(coverUpload ? { coverUpload } : {}) };
}

/**
 * An admin of the article's union unpublishes it: gone from every feed at once (its feed entry is
 * deleted in the article's own transaction, and feeds are read consistently); the article stays,
 * `unpublished`, in the admins' listing. Unpublishing it again answers it as it is.
 */
export async function unpublishArticle(deps: NewsDependencies, caller: Account, articleId: string, now: Date = new Date()) {
  const article = await administered(deps, caller, articleId);
  if (article.status === 'unpublished') return viewOf(deps.covers, article, now);
  const changed: Article = { ...article, status: 'unpublished', version: article.version + 1, updatedAt: now.toISOString(), updatedBy: caller.userId, unpublishedAt: now.toISOString(), unpublishedBy: caller.userId };
  if (!(await deps.news.unpublish(article, changed))) throw new ArticleChanged();
  return viewOf(deps.covers, changed, now);
}

/** Whether a member reads the article: published, and of her union or one above it (themes apply it too). */
export const readsAsMember = (article: Pick<Article, 'status' | 'organisationId'>, caller: Account) =>
  article.status === 'published' && segmentsOf(caller.member?.membership?.orgPath ?? '').includes(article.organisationId);

/**
 * One article with its body: for a member, a published article of her union or one above it; for
 * an admin, any article of her subtree. Anyone else is told it does not exist.
 */
export async function articleFor(deps: NewsDependencies, caller: Account, articleId: string, now: Date = new Date()): Promise<ArticleView> {
  const article = await deps.news.article(articleId);
  if (!article) throw new ArticleNotFound();
  if (!readsAsMember(article, caller) && !(await administersUnion(caller, article.organisationId, deps.orgs, article.organisationPath))) throw new ArticleNotFound();
  return viewOf(deps.covers, article, now);
}

/**
 * A member's feed: the published articles of her union and of every union above it, pinned
 * first, then newest, one page at a time under one cursor.
 *
 *  1. Her chain is the path on her profile (read with her account by the request path): one feed
 *     partition per union on it, at most six.
 *  2. The cursor is the place the last page ended, bound to her chain (another member's or
 *     list's, or a tampered one: 400 INVALID_CURSOR).
 *  3. The chain's feed versions are read in one consistent batch; each union's feed is then read
 *     from that place, all at once (from `pages`, this container's copies, where its version has
 *     not moved), and merged (`mergeFeeds`).
 *  4. The page's entity tag is made of its articles' ids and versions and where it starts and ends.
 */
export async function memberFeed(
  deps: Pick<NewsDependencies, 'news' | 'covers'> & { pages: FeedPages },
  caller: Account,
  page: { limit: number; cursor?: string },
  now: Date = new Date(),
) {
  const path = caller.member?.membership?.orgPath ?? '';
  const feed = `feed:${path}`;
  const before = readFeedCursor(feed, page.cursor);
  const chain = segmentsOf(path);
  let merged: { entries: FeedEntry[]; next?: string } = { entries: [] };
  if (chain.length > 0) {
    const read = deps.pages.reader(await deps.news.feedVersions(chain), deps.news.feed);
    merged = await mergeFeeds(chain, { before, limit: page.limit }, read);
  }
  const { entries, next } = merged;
  const cursor = next ? encodeCursor({ feed, before: next }) : undefined;
  const window = coverWindowOf(now);
  const items = await Promise.all(entries.map((entry) => summaryOf(deps.covers, entry, now)));
  const tag = feedTag({ feed, cursor: page.cursor, entries, next, coverWindow: window.toISOString() });
  return { page: { items, ...(cursor ? { cursor } : {}) }, tag };
}

function readFeedCursor(feed: string, cursor: string | undefined): string | undefined {
  const decoded = decodeCursor(cursor);
  if (!decoded) return undefined;
  if (decoded.feed !== feed || !isPlace(decoded.before) || Object.keys(decoded).length !== 2) throw new InvalidCursor();
  return decoded.before;
}

/** The articles of a union's subtree (unpublished ones too), for its admins (403 NOT_IN_SCOPE) and operators. */
export async function organisationArticles(deps: NewsDependencies, caller: Account, organisationId: string, page: { limit: number; cursor?: string }, now: Date = new Date()): Promise<Page<ArticleSummary>> {
  const organisation = (await deps.orgs.getMany([organisationId]))[0];
  if (!organisation) throw new OrganisationNotFound(organisationId);
  const path = await currentPathInScope(caller, organisation, deps.orgs);
  const list = `subtree:${organisationId}`;
  const decoded = decodeCursor(page.cursor);
  if (decoded && (decoded.list !== list || typeof decoded.inner !== 'string')) throw new InvalidCursor();
  const found = await deps.news.bySubtree(path, { limit: page.limit, cursor: decoded?.inner as string | undefined });
  const items = await Promise.all(found.items.map((article) => summaryOf(deps.covers, article, now)));
  return { items, ...(found.cursor ? { cursor: encodeCursor({ list, inner: found.cursor }) } : {}) };
}
