/** GET /me/notices — my notices, newest first, in my language (Accept-Language), with my unread count. */
import { httpHandler, type RequestOf } from '../shared/http/http-handler';
import { contentLanguage, languageOf } from '../shared/http/language';
import { inboxStore } from '../shared/adapters/inbox-store';
import { listNotices } from '../shared/inbox/inbox';
import { inbox } from '../shared/inbox/functions';

export const handle = async ({ caller, query, headers }: RequestOf<typeof inbox.inboxList>) => {
  const language = languageOf(headers['accept-language']);
  return { status: 200, body: await listNotices(inboxStore, caller.userId, query, language), headers: { 'content-language': contentLanguage(language) } };
};

export const handler = httpHandler(inbox.inboxList, handle);
