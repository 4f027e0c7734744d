/**
 * The inbox capability's functions: a member's own notices, the unread count a badge polls, and
 * marking them read. A handler imports only its own capability's definitions.
 */
import { defineFunctions } from '../system';
import { PageQuery } from '../organisations/schemas';
import { MarkedAllRead, MarkedRead, NoticePage, NoticeParams, UnreadCount } from './schemas';

export const inbox = defineFunctions('inbox', {
  inboxList: {
    entry: 'functions/inbox-list.ts',
    description: "The caller's notices, newest first, in her language, with her unread count.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/me/notices',
      access: { roles: ['member'] },
      tag: 'inbox',
      summary: 'My notices',
      request: { query: PageQuery },
      responses: { 200: { description: 'A page of notices, newest first, and the unread count', schema: NoticePage } },
    },
    tables: { inbox: 'read' },
  },
  inboxUnreadCount: {
    entry: 'functions/inbox-unread-count.ts',
    description: "The caller's unread count: one read, for a badge to poll.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/me/notices/unread-count',
      access: { roles: ['member'] },
      tag: 'inbox',
      summary: 'How many of my notices are unread',
      responses: { 200: { description: 'The unread count', schema: UnreadCount } },
    },
    tables: { inbox: 'read' },
  },
  inboxMarkRead: {
    entry: 'functions/inbox-mark-read.ts',
    description: 'Marks one of the caller\'s notices read (the count goes down once, however often it is marked).',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/me/notices/{noticeId}/read',
      access: { roles: ['member'] },
      tag: 'inbox',
      summary: 'Mark a notice read',
      request: { params: NoticeParams },
      responses: { 200: { description: 'The notice, read, and the unread count now', schema: MarkedRead } },
      errors: { NOTICE_NOT_FOUND: 404 },
    },
    tables: { inbox: 'read-write' },
  },
  inboxMarkAllRead: {
    entry: 'functions/inbox-mark-all-read.ts',
    description: "Marks every one of the caller's unread notices read, counting off exactly those it marked.",
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/me/notices/read-all',
      access: { roles: ['member'] },
      tag: 'inbox',
      summary: 'Mark all my notices read',
      responses: { 200: { description: 'How many were marked, and the unread count now', schema: MarkedAllRead } },
    },
    tables: { inbox: 'read-write' },
  },
});
