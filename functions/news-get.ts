/** GET /news/{articleId} — one article with its body, for its readers and its admins. */
import { coverImages } from '../shared/adapters/cover-images';
import { newsStore } from '../shared/adapters/news-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { news } from '../shared/news/functions';
import { articleFor } from '../shared/news/news';

export const handle = async ({ caller, params }: RequestOf<typeof news.newsGet>) =>
  ok(await articleFor({ news: newsStore, orgs: organisationStore, covers: coverImages }, caller, params.articleId));

export const handler = httpHandler(news.newsGet, handle);
