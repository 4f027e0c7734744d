/** Request and response schemas of the news routes (zod/mini: the OpenAPI document is generated from them). */
import * as z from 'zod/mini';
import { withChinese } from '../schema-locale';
import { pageOf } from '../schema-shapes';
import { coverTypes, MAX_COVER_BYTES } from './article';

export const ArticleParams = z.object({ articleId: z.string().check(z.uuid()) });

const Title = z.string().check(z.trim(), z.minLength(2), z.maxLength(100), z.describe('e.g. 关于开展2026年“工会送清凉”活动的通知'));
const Body = z.string().check(z.trim(), z.minLength(1), z.maxLength(20_000), z.describe('Markdown'));
const CoverBody = z.strictObject({
  contentType: z.enum(coverTypes),
  sizeBytes: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_COVER_BYTES), z.describe('Exactly the size of the file to upload (signed into the upload URL), at most 5 MiB')),
});

export const PublishBody = z.strictObject({
  title: Title,
  body: Body,
  pinned: z._default(z.boolean(), false).check(z.describe('Pinned articles come first in feeds')),
  cover: z.optional(CoverBody.check(z.describe('A cover image to upload: the answer carries a presigned PUT URL for exactly this type and size'))),
});

export const EditBody = z
  .strictObject({
    title: z.optional(Title),
    body: z.optional(Body),
    pinned: z.optional(z.boolean()),
    cover: z.optional(CoverBody.check(z.describe('A new cover image to upload instead of the old one'))),
  })
  .check(z.refine((body) => Object.values(body).some((v) => v !== undefined), { message: withChinese('change at least one field', '请至少修改一个字段') }));

export const FeedQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 20),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

const summaryFields = {
  articleId: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  title: z.string(),
  excerpt: z.string().check(z.describe('The first words of the body, without Markdown')),
  pinned: z.boolean(),
  coverUrl: z.optional(z.string().check(z.describe('Presigned GET URL, the same within an hour, valid for two'))),
  status: z.enum(['published', 'unpublished']),
  version: z.number().check(z.int(), z.describe('Grows with every change')),
  publishedAt: z.string(),
  updatedAt: z.string(),
};

export const ArticleSummary = z.object(summaryFields);
export const ArticleView = z.object({ ...summaryFields, body: z.string().check(z.describe('Markdown')), unpublishedAt: z.optional(z.string()) });

export const ArticlePage = pageOf(ArticleSummary);

export const PublishedArticle = z.object({
  article: ArticleView,
  coverUpload: z.optional(
    z.object({
      uploadUrl: z.string().check(z.describe('PUT the file here with exactly this Content-Type and Content-Length')),
      expiresAt: z.string(),
      contentType: z.string(),
      sizeBytes: z.number().check(z.int()),
    }),
  ),
});
