/** GET /me/access-log — who was shown my personal data, newest first. */
import { accessLog } from '../shared/adapters/access-log';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { myAccessLog } from '../shared/privacy/access-log';
import { privacy } from '../shared/privacy/functions';

export const handle = async ({ caller, query }: RequestOf<typeof privacy.accessLogList>) =>
  ok(await myAccessLog(accessLog, caller, { limit: query.limit, cursor: query.cursor }));

export const handler = httpHandler(privacy.accessLogList, handle);
