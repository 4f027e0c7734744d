/**
 * Key shapes of the inbox table, shared by the inbox's own store and by every store that writes a
 * notice inside its own transaction (as payout items are written by the stores that owe them).
 *   pk USER#<sub>  sk NOTICE#<at>#<noticeId>   a notice (attribute `read`), newest first by sort key
 *   pk USER#<sub>  sk UNREAD                   the unread count (attribute `unread`), moved only in the
 *                                              same transaction as the notices it counts
 *   pk USER#<sub>  sk ACCESS#<at>#<accessId>   a read of her personal data by an admin or operator
 *                                              (shared/privacy/access-log.ts), newest first by sort
 *                                              key, expired by TTL (attribute `expiresAt`)
 * The invariant every write keeps: `unread` = the number of the member's notices with read = false.
 */
import type { Notice } from './notice';

export const inboxPartition = (userId: string) => `USER#${userId}`;
export const NOTICE_PREFIX = 'NOTICE#';
export const noticeSortKey = (notice: Pick<Notice, 'at' | 'noticeId'>) => `${NOTICE_PREFIX}${notice.at}#${notice.noticeId}`;
export const noticeKey = (notice: Pick<Notice, 'userId' | 'at' | 'noticeId'>) => ({
  pk: inboxPartition(notice.userId),
  sk: noticeSortKey(notice),
});
export const ACCESS_PREFIX = 'ACCESS#';
export const accessRecordKey = (record: { userId: string; at: string; accessId: string }) => ({
  pk: inboxPartition(record.userId),
  sk: `${ACCESS_PREFIX}${record.at}#${record.accessId}`,
});
export const unreadKey = (userId: string) => ({ pk: inboxPartition(userId), sk: 'UNREAD' });

/**
 * The writes that deliver notices, for use inside another transaction: one Put per notice
 * (refused if that notice exists: a change retried delivers nothing twice) and one counter
 * update per member (a transaction may touch an item once, so two notices to one member add 2).
 * They cost the writer's transaction one action per notice plus one per member; the counter is
 * the member's one hot item, so a writer retries a transaction cancelled by TransactionConflict
 * (`retryConflicts` in shared/aws/transactions.ts).
 */
export function deliverNotices(tableName: string, notices: Notice[]) {
  const unreadByUser = new Map<string, number>();
  for (const notice of notices) unreadByUser.set(notice.userId, (unreadByUser.get(notice.userId) ?? 0) + 1);
  return [
    ...notices.map((notice) => ({
      Put: {
        TableName: tableName,
        Item: { ...notice, ...noticeKey(notice), read: false },
        // A notice is delivered once: the same event written again (a retry, a redelivery) adds nothing.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
    ...[...unreadByUser].map(([userId, count]) => ({
      Update: {
        TableName: tableName,
        Key: unreadKey(userId),
        // Counted in the same transaction as the notices: the count and the notices never disagree.
        UpdateExpression: 'ADD unread :count',
        ExpressionAttributeValues: { ':count': count },
      },
    })),
  ];
}

/**
 * The id the API gives a notice: its place in the member's inbox (when, and the event's id),
 * base64url-encoded — opaque, safe in a path, and enough to find it without an index. Read in
 * another member's inbox it finds nothing, so it tells nothing.
 */
export const publicNoticeId = (notice: Pick<Notice, 'at' | 'noticeId'>) => Buffer.from(`${notice.at}#${notice.noticeId}`).toString('base64url');

/** The place a public notice id names, or undefined when it is not one this API gave out. */
export function placeOfPublicId(id: string): Pick<Notice, 'at' | 'noticeId'> | undefined {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)#(.+)$/s.exec(text);
  return match ? { at: match[1]!, noticeId: match[2]! } : undefined;
}
