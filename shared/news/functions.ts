/**
 * The news capability's functions: admins publish, edit, pin and unpublish articles for the
 * unions of their subtree; members read one feed of their union chain, merged on read.
 */
import { OrganisationParams, PageQuery } from '../organisations/schemas';
import { defineFunctions, route } from '../system';
import { ArticlePage, ArticleParams, ArticleView, EditBody, FeedQuery, PublishBody, PublishedArticle } from './schemas';

export const news = defineFunctions('news', {
  newsPublish: route('POST /organisations/{orgId}/news', ['admin', 'operator'], 'Publish an article', { params: OrganisationParams, body: PublishBody, 201: ['The article, published; an upload URL for the declared cover', PublishedArticle] },
    'An admin publishes an article for a union in her subtree (an operator anywhere), with a presigned upload URL for its cover.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { news: 'read-write', organisations: 'read' }, buckets: { newsImages: 'read-write' } }),
  organisationNews: route('GET /organisations/{orgId}/news', ['admin', 'operator'], "A subtree's articles", { params: OrganisationParams, query: PageQuery, 200: ['A page of articles', ArticlePage] },
    "The articles of a union's subtree, unpublished ones too, for its admins and operators.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { news: 'read', organisations: 'read' }, buckets: { newsImages: 'read' } }),
  newsFeed: route('GET /news', ['member'], 'My news feed', { query: FeedQuery, 200: ['A page of the feed, with its ETag', ArticlePage], 304: ['Not modified: If-None-Match named the page’s current ETag (no body)'] },
    "The caller's feed: the articles of her union and of every union above it, pinned first, then newest; ETag and If-None-Match.",
    { tables: { news: 'read' }, buckets: { newsImages: 'read' } }),
  newsGet: route('GET /news/{articleId}', ['member', 'admin', 'operator'], 'An article', { params: ArticleParams, 200: ['The article', ArticleView] },
    'One article with its body: for a member of its union or one below it while published; for the admins of its subtree always.',
    { errors: { ARTICLE_NOT_FOUND: 404 }, tables: { news: 'read', organisations: 'read' }, buckets: { newsImages: 'read' } }),
  newsEdit: route('PATCH /news/{articleId}', ['admin', 'operator'], 'Edit an article', { params: ArticleParams, body: EditBody, 200: ['The article as changed; an upload URL for a new cover', PublishedArticle] },
    "An admin of the article's union edits it (title, body, pin, a new cover); it keeps its place, its version grows.",
    { errors: { ARTICLE_NOT_FOUND: 404, ARTICLE_CHANGED: 409, ARTICLE_UNPUBLISHED: 409 }, tables: { news: 'read-write', organisations: 'read' }, buckets: { newsImages: 'read-write' } }),
  newsUnpublish: route('DELETE /news/{articleId}', ['admin', 'operator'], 'Unpublish an article', { params: ArticleParams, 200: ['The article, unpublished', ArticleView] },
    "An admin of the article's union unpublishes it: gone from every feed at once, kept in the admins' listing.",
    { errors: { ARTICLE_NOT_FOUND: 404, ARTICLE_CHANGED: 409 }, tables: { news: 'read-write', organisations: 'read' }, buckets: { newsImages: 'read' } }),
});
