/**
 * DynamoDB storage of the inbox (keys in inbox-keys.ts). Every write that changes whether a
 * notice is read changes the member's unread count in the same transaction, by exactly the number
 * of notices it changed, each notice conditional on being unread: so the count equals the unread
 * notices whatever runs at once (deliveries, marks of one, marks of all), and never goes below 0.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPageUnder } from '../aws/queries';
import { conditionFailedAt, retryConflicts, transactWrite } from '../aws/transactions';
import type { Page } from '../pagination';
import { inboxPartition, NOTICE_PREFIX, noticeKey, unreadKey } from './inbox-keys';
import type { InboxStore, NoticePlace } from './inbox-store';
import type { StoredNotice } from './notice';

/** Notices marked in one transaction: 100 actions at most, one of them the count. */
export const MARK_GROUP = 99;

const toNotice = (item: Record<string, unknown>): StoredNotice => {
  const { pk: _pk, sk: _sk, ...notice } = item;
  return notice as unknown as StoredNotice;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A notice marked read at `at`, on `condition` (which says what may be marked). */
const markRead = (tableName: string, key: Record<string, string>, at: string, condition: string) => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'SET #read = :true, readAt = :at',
    ConditionExpression: condition,
    ExpressionAttributeNames: { '#read': 'read' },
    ExpressionAttributeValues: { ':true': true, ':false': false, ':at': at },
  },
});

export class DynamoInboxStore implements InboxStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  notices(userId: string, page: { limit: number; cursor?: string }): Promise<Page<StoredNotice>> {
    // Only a place in this member's own list of notices: another member's cursor, or another list's, is refused.
    return queryPageUnder(this.documents, this.tableName, inboxPartition(userId), NOTICE_PREFIX, page, toNotice, { ScanIndexForward: false, ConsistentRead: true });
  }

  async unread(userId: string): Promise<number> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: unreadKey(userId), ConsistentRead: true }));
    return Number(Item?.unread ?? 0);
  }

  async markRead(userId: string, place: NoticePlace, at: string): Promise<StoredNotice | undefined> {
    const key = noticeKey({ userId, ...place });
    try {
      await retryConflicts(() =>
        transactWrite(this.documents, [
          // Only an unread notice is marked: a second mark, or one racing "all read", counts nothing.
          markRead(this.tableName, key, at, 'attribute_exists(pk) AND #read = :false'),
          {
            Update: {
              TableName: this.tableName,
              Key: unreadKey(userId),
              UpdateExpression: 'ADD unread :minus',
              // Never below zero (the notice is counted, so this holds unless the count was broken).
              ConditionExpression: 'unread >= :one',
              ExpressionAttributeValues: { ':minus': -1, ':one': 1 },
            },
          },
        ]),
      );
    } catch (error) {
      if (conditionFailedAt(error, 1) && !conditionFailedAt(error, 0)) throw new Error(`The unread count of ${userId} is below its unread notices`);
      // Not unread (read already) or not there: the read below tells which.
      if (!conditionFailedAt(error, 0)) throw error;
    }
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item ? toNotice(Item) : undefined;
  }

  async markAllRead(userId: string, at: string): Promise<number> {
    let marked = 0;
    let startKey: Record<string, unknown> | undefined;
    // Newest first from now: notices delivered while this runs are newer than where it started, so it ends.
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :notice)',
          FilterExpression: '#read = :false',
          ProjectionExpression: 'sk',
          ExpressionAttributeNames: { '#read': 'read' },
          ExpressionAttributeValues: { ':pk': inboxPartition(userId), ':notice': NOTICE_PREFIX, ':false': false },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: 1_000,
          ExclusiveStartKey: startKey,
        }),
      );
      const sortKeys = (page.Items ?? []).map((item) => String(item.sk));
      for (let i = 0; i < sortKeys.length; i += MARK_GROUP) marked += await this.markGroup(userId, sortKeys.slice(i, i + MARK_GROUP), at);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return marked;
  }

  /**
   * Marks up to MARK_GROUP notices read in one transaction, each only if still unread, and lowers
   * the count by the number marked. A notice someone else marked meanwhile fails its condition
   * and cancels the transaction: it is left out and the rest written again, so the count moves
   * by exactly what this call marked.
   */
  private async markGroup(userId: string, sortKeys: string[], at: string): Promise<number> {
    let pending = sortKeys;
    for (let attempt = 1; pending.length > 0; attempt++) {
      try {
        await transactWrite(this.documents, [
          // Each notice counted off once, by whichever call marks it.
          ...pending.map((sk) => markRead(this.tableName, { pk: inboxPartition(userId), sk }, at, '#read = :false')),
          {
            Update: {
              TableName: this.tableName,
              Key: unreadKey(userId),
              UpdateExpression: 'ADD unread :minus',
              // Never below zero.
              ConditionExpression: 'unread >= :count',
              ExpressionAttributeValues: { ':minus': -pending.length, ':count': pending.length },
            },
          },
        ]);
        return pending.length;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException) || attempt >= 25) throw error;
        const reasons = error.CancellationReasons ?? [];
        const codes = reasons.map((reason) => reason.Code ?? 'None');
        if (codes.some((code) => !['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(code))) throw error;
        // Read meanwhile by someone else: not ours to count. Cancelled with the others, or in conflict: again.
        const stillUnread = pending.filter((_, i) => codes[i] !== 'ConditionalCheckFailed');
        // The count refused alone (not because notices read meanwhile made it smaller): it was broken.
        if (codes[pending.length] === 'ConditionalCheckFailed' && stillUnread.length === pending.length) {
          throw new Error(`The unread count of ${userId} is below its unread notices`);
        }
        pending = stillUnread;
        if (codes.includes('TransactionConflict')) await sleep(5 * Math.min(attempt, 10) * (0.5 + Math.random()));
      }
    }
    return 0;
  }
}
