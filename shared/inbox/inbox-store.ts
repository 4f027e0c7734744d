/** The port through which the inbox rules (inbox.ts) reach storage; DynamoDB beside it, a map in the unit tests. */
import type { Page } from '../pagination';
import type { Notice, StoredNotice } from './notice';

/** Where a notice sits in a member's inbox: enough to find it. */
export type NoticePlace = Pick<Notice, 'at' | 'noticeId'>;

export interface InboxStore {
  /** The member's notices, newest first, one page; a cursor from another list is INVALID_CURSOR. */
  notices(userId: string, page: { limit: number; cursor?: string }): Promise<Page<StoredNotice>>;
  /** The member's unread count, as last written (with the notices it counts). */
  unread(userId: string): Promise<number>;
  /**
   * Marks one notice read and counts it off, in one write, only if it was unread: marking it again
   * changes nothing. The notice as it is now; undefined when the member has no such notice.
   */
  markRead(userId: string, place: NoticePlace, at: string): Promise<StoredNotice | undefined>;
  /**
   * Marks every notice unread when it starts read, counting off exactly the ones this call
   * marked (a notice marked meanwhile by another call is left to that call); how many it marked.
   */
  markAllRead(userId: string, at: string): Promise<number>;
}
