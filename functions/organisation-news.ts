/** GET /organisations/{orgId}/news — the articles of a union's subtree, for its admins. */
import { coverImages } from '../shared/adapters/cover-images';
import { newsStore } from '../shared/adapters/news-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { news } from '../shared/news/functions';
import { organisationArticles } from '../shared/news/news';

export const handle = async ({ caller, params, query }: RequestOf<typeof news.organisationNews>) =>
  ok(await organisationArticles({ news: newsStore, orgs: organisationStore, covers: coverImages }, caller, params.orgId, query));

export const handler = httpHandler(news.organisationNews, handle);
