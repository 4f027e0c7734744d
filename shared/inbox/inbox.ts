/**
 * A member's inbox: her notices newest first, each in her language; the unread count a phone's
 * badge polls; marking one notice or all of them read. Only ever the caller's own inbox: the
 * member's id comes from her token, never from the request.
 */
import type { Language } from '../http/language';
import type { Page } from '../pagination';
import { NoticeNotFound } from './errors';
import { placeOfPublicId, publicNoticeId } from './inbox-keys';
import type { InboxStore } from './inbox-store';
import type { StoredNotice } from './notice';
import { renderNotice } from './render';

/** A notice as the API answers it: the words in the reader's language, and the facts to link to. */
export function noticeView(notice: StoredNotice, language: Language) {
  return {
    noticeId: publicNoticeId(notice),
    kind: notice.kind,
    at: notice.at,
    read: notice.read,
    ...(notice.readAt && { readAt: notice.readAt }),
    ...renderNotice(notice, language),
    facts: notice.facts ?? {},
  };
}

export type NoticeView = ReturnType<typeof noticeView>;

/** One page of the caller's notices, newest first, with her unread count (read beside the page). */
export async function listNotices(inbox: InboxStore, userId: string, page: { limit: number; cursor?: string }, language: Language): Promise<Page<NoticeView> & { unread: number }> {
  const [notices, unread] = await Promise.all([inbox.notices(userId, page), inbox.unread(userId)]);
  return { items: notices.items.map((notice) => noticeView(notice, language)), ...(notices.cursor && { cursor: notices.cursor }), unread };
}

export async function unreadCount(inbox: InboxStore, userId: string) {
  return { unread: await inbox.unread(userId) };
}

/**
 * Marking one notice read.
 *
 *  1. The id names a place in the caller's own inbox; an id that is not one, or names nothing
 *     there (another member's notice included), is NOTICE_NOT_FOUND.
 *  2. The notice goes from unread to read and the count down by one, in one conditional write:
 *     marking it twice, or while "all read" runs, counts it off once.
 *  3. Answer the notice and the count now.
 */
export async function markNoticeRead(inbox: InboxStore, userId: string, noticeId: string, language: Language, now: Date = new Date()) {
  const place = placeOfPublicId(noticeId);
  if (!place) throw new NoticeNotFound();
  const notice = await inbox.markRead(userId, place, now.toISOString());
  if (!notice) throw new NoticeNotFound();
  return { notice: noticeView(notice, language), unread: await inbox.unread(userId) };
}

/**
 * Marking everything read: every notice unread when it starts, in writes of at most 99 notices
 * each with the count lowered by exactly the number that write marked. Notices arriving meanwhile
 * stay unread and counted; notices marked meanwhile one by one are counted off by that call only.
 */
export async function markAllNoticesRead(inbox: InboxStore, userId: string, now: Date = new Date()) {
  const marked = await inbox.markAllRead(userId, now.toISOString());
  return { marked, unread: await inbox.unread(userId) };
}
