/** POST /me/notices/{noticeId}/read — marks one of my notices read; someone else's is not found. */
import { httpHandler, type RequestOf } from '../shared/http/http-handler';
import { contentLanguage, languageOf } from '../shared/http/language';
import { storedReplays } from '../shared/http/idempotency';
import { inboxStore } from '../shared/adapters/inbox-store';
import { markNoticeRead } from '../shared/inbox/inbox';
import { inbox } from '../shared/inbox/functions';

export const handle = async ({ caller, params, headers }: RequestOf<typeof inbox.inboxMarkRead>) => {
  const language = languageOf(headers['accept-language']);
  return { status: 200, body: await markNoticeRead(inboxStore, caller.userId, params.noticeId, language), headers: { 'content-language': contentLanguage(language) } };
};

export const handler = httpHandler(inbox.inboxMarkRead, handle, { replays: storedReplays });
