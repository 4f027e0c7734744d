/** DELETE /news/{articleId} — an admin of the article's union unpublishes it: gone from every feed at once. */
import { coverImages } from '../shared/adapters/cover-images';
import { newsStore } from '../shared/adapters/news-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { storedReplays } from '../shared/http/idempotency';
import { news } from '../shared/news/functions';
import { unpublishArticle } from '../shared/news/news';

export const handle = async ({ caller, params }: RequestOf<typeof news.newsUnpublish>) =>
  ok(await unpublishArticle({ news: newsStore, orgs: organisationStore, covers: coverImages }, caller, params.articleId));

export const handler = httpHandler(news.newsUnpublish, handle, { replays: storedReplays });
