/**
 * The news capability's functions: admins publish, edit, pin and unpublish articles for the
 * unions of their subtree; members read one feed of their union chain, merged on read.
 */
import { OrganisationParams, PageQuery } from '../organisations/schemas';
import { defineFunctions } from '../system';
import { ArticlePage, ArticleParams, ArticleView, EditBody, FeedQuery, PublishBody, PublishedArticle } from './schemas';

export const news = defineFunctions('news', {
  newsPublish: {
    entry: 'functions/news-publish.ts',
    description: 'An admin publishes an article for a union in her subtree (an operator anywhere), with a presigned upload URL for its cover.',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/organisations/{orgId}/news',
      access: { roles: ['admin', 'operator'] },
      tag: 'news',
      summary: 'Publish an article',
      request: { params: OrganisationParams, body: PublishBody },
      responses: { 201: { description: 'The article, published; an upload URL for the declared cover', schema: PublishedArticle } },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 },
    },
    tables: { news: 'read-write', organisations: 'read' },
    buckets: { newsImages: 'read-write' },
  },
  organisationNews: {
    entry: 'functions/organisation-news.ts',
    description: "The articles of a union's subtree, unpublished ones too, for its admins and operators.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/organisations/{orgId}/news',
      access: { roles: ['admin', 'operator'] },
      tag: 'news',
      summary: "A subtree's articles",
      request: { params: OrganisationParams, query: PageQuery },
      responses: { 200: { description: 'A page of articles', schema: ArticlePage } },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 },
    },
    tables: { news: 'read', organisations: 'read' },
    buckets: { newsImages: 'read' },
  },
  newsFeed: {
    entry: 'functions/news-feed.ts',
    description: "The caller's feed: the articles of her union and of every union above it, pinned first, then newest; ETag and If-None-Match.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/news',
      access: { roles: ['member'] },
      tag: 'news',
      summary: 'My news feed',
      request: { query: FeedQuery },
      responses: {
        200: { description: 'A page of the feed, with its ETag', schema: ArticlePage },
        304: { description: 'Not modified: If-None-Match named the page’s current ETag (no body)' },
      },
    },
    tables: { news: 'read' },
    buckets: { newsImages: 'read' },
  },
  newsGet: {
    entry: 'functions/news-get.ts',
    description: 'One article with its body: for a member of its union or one below it while published; for the admins of its subtree always.',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/news/{articleId}',
      access: { roles: ['member', 'admin', 'operator'] },
      tag: 'news',
      summary: 'An article',
      request: { params: ArticleParams },
      responses: { 200: { description: 'The article', schema: ArticleView } },
      errors: { ARTICLE_NOT_FOUND: 404 },
    },
    tables: { news: 'read', organisations: 'read' },
    buckets: { newsImages: 'read' },
  },
  newsEdit: {
    entry: 'functions/news-edit.ts',
    description: "An admin of the article's union edits it (title, body, pin, a new cover); it keeps its place, its version grows.",
    trigger: {
      kind: 'http',
      method: 'PATCH',
      path: '/news/{articleId}',
      access: { roles: ['admin', 'operator'] },
      tag: 'news',
      summary: 'Edit an article',
      request: { params: ArticleParams, body: EditBody },
      responses: { 200: { description: 'The article as changed; an upload URL for a new cover', schema: PublishedArticle } },
      errors: { ARTICLE_NOT_FOUND: 404, ARTICLE_CHANGED: 409, ARTICLE_UNPUBLISHED: 409 },
    },
    tables: { news: 'read-write', organisations: 'read' },
    buckets: { newsImages: 'read-write' },
  },
  newsUnpublish: {
    entry: 'functions/news-unpublish.ts',
    description: "An admin of the article's union unpublishes it: gone from every feed at once, kept in the admins' listing.",
    trigger: {
      kind: 'http',
      method: 'DELETE',
      path: '/news/{articleId}',
      access: { roles: ['admin', 'operator'] },
      tag: 'news',
      summary: 'Unpublish an article',
      request: { params: ArticleParams },
      responses: { 200: { description: 'The article, unpublished', schema: ArticleView } },
      errors: { ARTICLE_NOT_FOUND: 404, ARTICLE_CHANGED: 409 },
    },
    tables: { news: 'read-write', organisations: 'read' },
    buckets: { newsImages: 'read' },
  },
});
