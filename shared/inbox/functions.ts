/**
 * The inbox capability's functions: a member's own notices, the unread count a badge polls, and
 * marking them read. A handler imports only its own capability's definitions.
 */
import { defineFunctions, route } from '../system';
import { PageQuery } from '../organisations/schemas';
import { MarkedAllRead, MarkedRead, NoticePage, NoticeParams, UnreadCount } from './schemas';

export const inbox = defineFunctions('inbox', {
  inboxList: route('GET /me/notices', ['member'], 'My notices', { query: PageQuery, 200: ['A page of notices, newest first, and the unread count', NoticePage] },
    "The caller's notices, newest first, in her language, with her unread count.",
    { tables: { inbox: 'read' } }),
  inboxUnreadCount: route('GET /me/notices/unread-count', ['member'], 'How many of my notices are unread', { 200: ['The unread count', UnreadCount] },
    "The caller's unread count: one read, for a badge to poll.",
    { tables: { inbox: 'read' } }),
  inboxMarkRead: route('POST /me/notices/{noticeId}/read', ['member'], 'Mark a notice read', { params: NoticeParams, 200: ['The notice, read, and the unread count now', MarkedRead] },
    'Marks one of the caller\'s notices read (the count goes down once, however often it is marked).',
    { errors: { NOTICE_NOT_FOUND: 404 }, tables: { inbox: 'read-write' } }),
  inboxMarkAllRead: route('POST /me/notices/read-all', ['member'], 'Mark all my notices read', { 200: ['How many were marked, and the unread count now', MarkedAllRead] },
    "Marks every one of the caller's unread notices read, counting off exactly those it marked.",
    { tables: { inbox: 'read-write' } }),
});
