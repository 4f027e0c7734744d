/** POST /organisations/{orgId}/news — an admin publishes an article for a union in her subtree. */
import { coverImages } from '../shared/adapters/cover-images';
import { newsStore } from '../shared/adapters/news-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { storedReplays } from '../shared/http/idempotency';
import { news } from '../shared/news/functions';
import { publishArticle } from '../shared/news/news';

export const handle = async ({ caller, params, body }: RequestOf<typeof news.newsPublish>) =>
  created(await publishArticle({ news: newsStore, orgs: organisationStore, covers: coverImages }, caller, params.orgId, body));

export const handler = httpHandler(news.newsPublish, handle, { replays: storedReplays });
