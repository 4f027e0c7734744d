/** Request and response shapes for a member's inbox. */
import * as z from 'zod/mini';
import { withChinese } from '../schema-locale';
import { noticeKinds } from './notice';

export const NoticeParams = z.object({
  noticeId: z.string().check(z.regex(/^[A-Za-z0-9_-]{20,700}$/, withChinese('must be a notice id from GET /me/notices', '须为 GET /me/notices 给出的通知编号'))),
});

export const NoticeView = z.object({
  noticeId: z.string().check(z.describe('Opaque; mark it read with POST /me/notices/{noticeId}/read')),
  kind: z.enum(noticeKinds),
  at: z.string().check(z.describe('When it happened (ISO 8601 UTC); the list is newest first by it')),
  read: z.boolean(),
  readAt: z.optional(z.string()),
  title: z.string().check(z.describe("In the caller's language (Accept-Language: Chinese or English)")),
  body: z.string(),
  facts: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .check(z.describe('What the words are made of, to link to: claimId, applicationId, activityId, amountFen, decision…')),
});

export const NoticePage = z.object({
  items: z.array(NoticeView),
  cursor: z.optional(z.string()),
  unread: z.number().check(z.int(), z.describe('Unread notices in the whole inbox')),
});

export const UnreadCount = z.object({ unread: z.number().check(z.int(), z.minimum(0)) });

export const MarkedRead = z.object({ notice: NoticeView, unread: z.number().check(z.int()) });

export const MarkedAllRead = z.object({
  marked: z.number().check(z.int(), z.describe('Notices this request marked read')),
  unread: z.number().check(z.int(), z.describe('Unread now: notices that arrived meanwhile stay unread')),
});
