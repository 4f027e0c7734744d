/**
 * GET /news — the caller's feed, merged from her union chain's feeds. Answers an ETag; an
 * If-None-Match naming it gets 304 with no body (mobile clients poll).
 */
import { coverImages } from '../shared/adapters/cover-images';
import { newsStore } from '../shared/adapters/news-store';
import { httpHandler, type RequestOf } from '../shared/http/http-handler';
import { matchesTag } from '../shared/news/article';
import { FeedPages } from '../shared/news/feed-pages';
import { news } from '../shared/news/functions';
import { memberFeed } from '../shared/news/news';

/** This container's copies of the feed pages it has read, each kept while its feed's version holds. */
const pages = new FeedPages();

export const handle = async ({ caller, query, headers }: RequestOf<typeof news.newsFeed>) => {
  const { page, tag } = await memberFeed({ news: newsStore, covers: coverImages, pages }, caller, query);
  // Clients may keep the page, but must ask again (with If-None-Match) before showing it.
  const cacheHeaders = { etag: tag, 'cache-control': 'private, no-cache' };
  if (matchesTag(headers['if-none-match'], tag)) return { status: 304, headers: cacheHeaders };
  return { status: 200, body: page, headers: cacheHeaders };
};

export const handler = httpHandler(news.newsFeed, handle);
