/** The inbox's problems. */
import { inChinese, NotFound } from '../errors';

inChinese({
  NOTICE_NOT_FOUND: '未找到该通知。',
});

/** No such notice in the caller's inbox: someone else's is answered the same way, so ids tell nothing. */
export class NoticeNotFound extends NotFound {
  constructor() {
    super('The notice', 'NOTICE_NOT_FOUND');
  }
}
