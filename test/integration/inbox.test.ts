/**
 * The inbox against DynamoDB Local, really at once: notices delivered (inside writers' own
 * transactions, as the flows do) while members mark one and mark all read in parallel — at the end
 * every member's unread count equals a recount of her unread notices, and it was never seen below
 * zero; a change written again (the same notice id) delivers nothing twice; a paid payout tells its
 * member in the same transaction that marks it paid, once.
 */
import { QueryCommand, TransactWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { retryConflicts } from '../../shared/aws/transactions';
import { deliverNotices, inboxPartition, unreadKey } from '../../shared/inbox/inbox-keys';
import { listNotices, markAllNoticesRead, markNoticeRead } from '../../shared/inbox/inbox';
import { DynamoInboxStore } from '../../shared/inbox/inbox-store-dynamodb';
import type { Notice } from '../../shared/inbox/notice';
import { payoutFor } from '../../shared/payouts/payout';
import { putPayoutItem } from '../../shared/payouts/payout-keys';
import { DynamoPayoutStore } from '../../shared/payouts/payout-store-dynamodb';
import { freshTables, localDynamo } from '../support/local-aws';

const { client, documents } = localDynamo();
let tables: { inbox: string; payouts: string; changes: string };
let inbox: DynamoInboxStore;

beforeAll(async () => {
  const nameOf = await freshTables(client);
  // A writer's own table: any table of the system will do as the "change" a notice tells of.
  tables = { inbox: nameOf('inbox'), payouts: nameOf('payouts'), changes: nameOf('claims') };
  inbox = new DynamoInboxStore(documents, tables.inbox);
});

const base = Date.parse('2026-08-10T04:00:00.000Z');
const noticeOf = (userId: string, n: number): Notice => ({
  userId,
  noticeId: `claim-decided#claim-${userId}-${n}#2`,
  kind: 'claim-decided',
  at: new Date(base + n * 1000).toISOString(),
  facts: { claimId: `claim-${userId}-${n}`, decision: 'approve', amountFen: 100 * n },
});

/** A change and its notices in one transaction, as a flow writes them (the change only once). */
const writeChange = (changeId: string, notices: Notice[]) =>
  retryConflicts(() =>
    documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tables.changes, Item: { pk: `CLAIM#${changeId}`, sk: 'CLAIM', changeId }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...deliverNotices(tables.inbox, notices),
        ],
      }),
    ),
  );

async function recount(userId: string) {
  let unread = 0;
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tables.inbox,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
        ExpressionAttributeValues: { ':pk': inboxPartition(userId), ':n': 'NOTICE#' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      total++;
      if (item.read === false) unread++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { unread, total };
}

const counter = async (userId: string) => Number((await documents.send(new GetCommand({ TableName: tables.inbox, Key: unreadKey(userId), ConsistentRead: true }))).Item?.unread ?? 0);

/** Runs `work` for each of `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

describe('the unread count under concurrent deliveries and marks', () => {
  it('equals a recount of the unread notices at the end, and is never seen below zero', async () => {
    const members = ['ann', 'bea'];
    const perMember = 240;
    let delivering = true;
    const seen: number[] = [];
    const work = { markedOne: 0, markedByAll: 0 };

    // Deliveries: one or two notices per change, as flows write them; every change once.
    const changes = members.flatMap((userId) => Array.from({ length: perMember / 2 }, (_, i) => ({ userId, notices: [noticeOf(userId, 2 * i), noticeOf(userId, 2 * i + 1)].slice(0, i % 3 === 0 ? 1 : 2) })));
    const deliveries = inParallel(changes, 6, async ({ userId, notices }) => {
      await writeChange(`${userId}-${notices[0]!.noticeId}`, notices);
    }).finally(() => {
      delivering = false;
    });

    // Marks of one: members read what they see, some notices twice, some by two calls at once.
    const markOnes = members.map(async (userId) => {
      while (delivering) {
        const { items } = await listNotices(inbox, userId, { limit: 8 }, 'zh');
        const picked = items.filter((_, i) => i % 2 === 0);
        const marks = await Promise.all([...picked, ...picked.slice(0, 2)].map((notice) => markNoticeRead(inbox, userId, notice.noticeId, 'zh')));
        work.markedOne += marks.length;
      }
    });

    // Marks of all, several at once, while the rest goes on.
    const markAlls = members.map(async (userId) => {
      while (delivering) {
        const answers = await Promise.all([markAllNoticesRead(inbox, userId), markAllNoticesRead(inbox, userId)]);
        work.markedByAll += answers[0].marked + answers[1].marked;
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    });

    // Someone watching the badge all along.
    const watcher = (async () => {
      while (delivering) for (const userId of members) seen.push(await counter(userId));
    })();

    await Promise.all([deliveries, ...markOnes, ...markAlls, watcher]);

    // The marks really ran among the deliveries.
    expect(work.markedOne).toBeGreaterThan(20);
    expect(work.markedByAll).toBeGreaterThan(20);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    for (const userId of members) {
      const { unread, total } = await recount(userId);
      expect(total, userId).toBe(perMember - Math.floor((perMember / 2 + 2) / 3));
      expect(await counter(userId), userId).toBe(unread);
      expect((await inbox.unread(userId)), userId).toBe(unread);
    }
    // And all read at the end: the count is zero, not below.
    for (const userId of members) {
      const { unread } = await recount(userId);
      expect((await markAllNoticesRead(inbox, userId)).marked).toBe(unread);
      expect(await counter(userId)).toBe(0);
      expect((await recount(userId)).unread).toBe(0);
    }
  });

  it('delivers nothing twice when a change is written again with the same notice id', async () => {
    const notices = [noticeOf('cat', 1), noticeOf('cat', 2)];
    await writeChange('cat-change', notices);
    expect(await counter('cat')).toBe(2);
    // The same change again (a retry, a redelivered message): refused whole, notices included.
    await expect(writeChange('cat-change', notices)).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    // Even a writer that does not guard its own change delivers the same notice once.
    await expect(documents.send(new TransactWriteCommand({ TransactItems: deliverNotices(tables.inbox, [notices[0]!]) }))).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(await counter('cat')).toBe(2);
    expect(await recount('cat')).toEqual({ unread: 2, total: 2 });
  });

  it('lists newest first by cursor and refuses another member\'s cursor', async () => {
    await writeChange('dan-change', [1, 2, 3, 4, 5].map((n) => noticeOf('dan', n)));
    await writeChange('eve-change', [noticeOf('eve', 1)]);
    const first = await listNotices(inbox, 'dan', { limit: 3 }, 'en');
    expect(first.items.map((n) => n.facts.claimId)).toEqual(['claim-dan-5', 'claim-dan-4', 'claim-dan-3']);
    expect(first.unread).toBe(5);
    const second = await listNotices(inbox, 'dan', { limit: 3, cursor: first.cursor }, 'en');
    expect(second.items.map((n) => n.facts.claimId)).toEqual(['claim-dan-2', 'claim-dan-1']);
    expect(second.cursor).toBeUndefined();
    await expect(listNotices(inbox, 'eve', { limit: 3, cursor: first.cursor }, 'en')).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    // Another member's notice id names nothing in this inbox.
    await expect(markNoticeRead(inbox, 'eve', first.items[0]!.noticeId, 'en')).rejects.toMatchObject({ code: 'NOTICE_NOT_FOUND' });
    expect(await counter('dan')).toBe(5);
  });
});

describe('a paid payout', () => {
  it('tells its member in the transaction that marks it paid, once', async () => {
    const payouts = new DynamoPayoutStore(documents, tables.payouts, tables.inbox);
    const now = new Date(base);
    // 100 items (a whole write group) for 60 members: some members are paid twice in one group.
    const items = Array.from({ length: 100 }, (_, i) => payoutFor({ kind: i % 2 ? 'claim' : 'subsidy', id: `src-${i}` }, `payee-${i % 60}`, 1_000 + i, now));
    for (const item of items) await documents.send(new TransactWriteCommand({ TransactItems: [putPayoutItem(tables.payouts, item)] }));
    expect((await payouts.markBatched(items, 'PB1')).every(Boolean)).toBe(true);
    // One of them is no longer batched under that number: it is neither paid nor told of.
    const [first, ...rest] = items;
    expect(await payouts.markPaid([first!], now.toISOString())).toEqual([true]);
    const paid = await payouts.markPaid(items, now.toISOString());
    expect(paid).toEqual([false, ...rest.map(() => true)]);
    expect(await payouts.markPaid(items, now.toISOString())).toEqual(items.map(() => false));

    for (let member = 0; member < 60; member++) {
      const userId = `payee-${member}`;
      const owed = items.filter((item) => item.userId === userId);
      const { items: notices } = await listNotices(inbox, userId, { limit: 10 }, 'zh');
      expect(notices.map((n) => n.facts.payoutId).sort(), userId).toEqual(owed.map((item) => item.payoutId).sort());
      expect(notices.every((n) => n.kind === 'payout-paid' && n.title === '款项已到账'), userId).toBe(true);
      expect(await counter(userId), userId).toBe(owed.length);
    }
    expect((await listNotices(inbox, 'payee-59', { limit: 10 }, 'en')).items.map((n) => n.body)).toEqual(['CNY 10.59 for your claim has been paid to your WeChat wallet.']);
  });
});
