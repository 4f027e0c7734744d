/** PATCH /news/{articleId} — an admin of the article's union edits it; it keeps its place. */
import { coverImages } from '../shared/adapters/cover-images';
import { newsStore } from '../shared/adapters/news-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { storedReplays } from '../shared/http/idempotency';
import { news } from '../shared/news/functions';
import { editArticle } from '../shared/news/news';

export const handle = async ({ caller, params, body }: RequestOf<typeof news.newsEdit>) =>
  ok(await editArticle({ news: newsStore, orgs: organisationStore, covers: coverImages }, caller, params.articleId, body));

export const handler = httpHandler(news.newsEdit, handle, { replays: storedReplays });
