/** GET /me/notices/unread-count — how many of my notices are unread (one read, for a badge). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { inboxStore } from '../shared/adapters/inbox-store';
import { unreadCount } from '../shared/inbox/inbox';
import { inbox } from '../shared/inbox/functions';

export const handle = async ({ caller }: RequestOf<typeof inbox.inboxUnreadCount>) => ok(await unreadCount(inboxStore, caller.userId));

export const handler = httpHandler(inbox.inboxUnreadCount, handle);
