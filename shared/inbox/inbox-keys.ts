/**
 * Key shapes of the inbox table, shared by the inbox's own store and by every store that writes a
 * notice inside its own transaction (as payout items are written by the stores that owe them).
 *   pk USER#<sub>  sk NOTICE#<at>#<noticeId>   a notice (attribute `read`), newest first by sort key
 *   pk USER#<sub>  sk UNREAD                   the unread count (attribute `unread`), moved only in the
 *                                              same transaction as the notice it counts
 */
import type { Notice } from './notice';

export const inboxPartition = (userId: string) => `USER#${userId}`;
export const noticeKey = (notice: Pick<Notice, 'userId' | 'at' | 'noticeId'>) => ({
  pk: inboxPartition(notice.userId),
  sk: `NOTICE#${notice.at}#${notice.noticeId}`,
});
export const unreadKey = (userId: string) => ({ pk: inboxPartition(userId), sk: 'UNREAD' });

/**
 * The writes that deliver notices, for use inside another transaction: one Put per notice
 * (refused if that notice exists: a change retried delivers nothing twice) and one counter
 * update per member (a transaction may touch an item once, so two notices to one member add 2).
 */
export function deliverNotices(tableName: string, notices: Notice[]) {
  const unreadByUser = new Map<string, number>();
  for (const notice of notices) unreadByUser.set(notice.userId, (unreadByUser.get(notice.userId) ?? 0) + 1);
  return [
    ...notices.map((notice) => ({
      Put: {
        TableName: tableName,
        Item: { ...noticeKey(notice), ...notice, read: false },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
    ...[...unreadByUser].map(([userId, count]) => ({
      Update: {
        TableName: tableName,
        Key: unreadKey(userId),
        UpdateExpression: 'ADD unread :count',
        ExpressionAttributeValues: { ':count': count },
      },
    })),
  ];
}
