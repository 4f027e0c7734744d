/** The inbox's problems. */
import { NotFound } from '../errors';

/** No such notice in the caller's inbox: someone else's is answered the same way, so ids tell nothing. */
export class NoticeNotFound extends NotFound {
  constructor() {
    super('The notice', 'NOTICE_NOT_FOUND');
  }
}
