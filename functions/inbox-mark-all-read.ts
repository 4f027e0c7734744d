/** POST /me/notices/read-all — marks all my unread notices read. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { storedReplays } from '../shared/http/idempotency';
import { inboxStore } from '../shared/adapters/inbox-store';
import { markAllNoticesRead } from '../shared/inbox/inbox';
import { inbox } from '../shared/inbox/functions';

export const handle = async ({ caller }: RequestOf<typeof inbox.inboxMarkAllRead>) => ok(await markAllNoticesRead(inboxStore, caller.userId));

export const handler = httpHandler(inbox.inboxMarkAllRead, handle, { replays: storedReplays });
