/** DynamoDB storage of payouts (keys in payout-keys.ts): the PayoutStore port; every change is conditional on the state it was decided on. */
import { failedConditions, isConditionFailed, transactWrite } from '../aws/transactions';
import { randomBytes } from 'node:crypto';
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../accounts/keys';
import { batchGetAll, queryAll, queryPage } from '../aws/queries';
import type { Page } from '../pagination';
import { itemNoOf, type PayoutItem } from './payout';
import { payoutItemKey, queueKeys } from './payout-keys';
import { deliverNotices } from '../inbox/inbox-keys';
import { payoutPaid } from '../inbox/notices';
import { WRITE_GROUP, type BatchEntry, type BatchHead, type BatchStatus, type ItemRef, type PayoutBatch, type PayoutStore, type QueuedItem, type QueuePlace } from './payout-store';

export type { PayoutBatch } from './payout-store';

/** A conditional update of one item, as a request of its own or as one action of a transaction. */
interface ConditionalUpdate {
  TableName: string;
  Key: Record<string, string>;
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * A batch is two records under one key: its head (sk BATCH: status, totals, times; in the queue
 * index under BATCHES#<status>) and its items (sk ITEMS: up to 1,000, in no index, kept as one
 * JSON string of ~110 KB: never looked into by DynamoDB, so one attribute rather than 4,000).
 * Status changes rewrite only the small head, and listing batches by status reads only heads.
 */
const batchKey = (batchNo: string) => ({ pk: `BATCH#${batchNo}`, sk: 'BATCH' });
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
/**
 * Items marked paid in one transaction when each also delivers its member's notice: its update,
 * its notice and at most its member's count are three of a transaction's 100 actions.
 */
const NOTIFIED_GROUP = 33;
/** The batches index: every batch head, newest first by its creation (the operators' list; a few batches a minute at most). */
const batchesKeys = (batch: Pick<PayoutBatch, 'batchNo' | 'createdAt'>) => ({ gsi3pk: 'BATCHES', gsi3sk: `${batch.createdAt}#${batch.batchNo}` });
const headProjection = 'batchNo, account, totalFen, #status, createdAt, queuedAt, submittedAt, settledAt';

const batchItemsKey = (batchNo: string) => ({ pk: `BATCH#${batchNo}`, sk: 'ITEMS' });

export class DynamoPayoutStore implements PayoutStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Given, the member is told of a payment in the same transaction that marks it paid. */
    private readonly inboxTable?: string,
  ) {}

  async item(payoutId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: payoutItemKey(payoutId), ConsistentRead: true }));
    return Item ? stripKeys<PayoutItem>(Item) : undefined;
  }

  /** Queued items of an account due by `day`, in line order (after `after`'s place, if given). */
  async due(account: string, day: string, limit: number, after?: QueuePlace): Promise<QueuedItem[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'queue',
        KeyConditionExpression: 'gsi1pk = :queue AND gsi1sk < :after',
        ExpressionAttributeValues: { ':queue': `QUEUE#${account}`, ':after': `${day}#~` },
        // Only what batching needs: a thousand items at a time.
        ProjectionExpression: 'payoutId, itemNo, recipient, amountFen, account, scheduledFor, queuedAt, #status',
        ExpressionAttributeNames: { '#status': 'status' },
        Limit: limit,
        // Resuming behind an item reads past it whether or not the index still lists it.
        ExclusiveStartKey: after && { ...queueKeys(after), ...payoutItemKey(after.payoutId) },
      }),
    );
    return (Items as QueuedItem[]).filter((item) => item.status === 'queued');
  }

  async byUser(userId: string) {
    const items = await queryAll(this.documents, { TableName: this.tableName, IndexName: 'byUser', KeyConditionExpression: 'gsi2pk = :u', ExpressionAttributeValues: { ':u': `USER#${userId}` }, ScanIndexForward: false });
    return items.map((item) => stripKeys<PayoutItem>(item));
  }

  /** Commits money from the account's day budget; false if it would go over. */
  async reserveBudget(account: string, day: string, amountFen: number, limitFen: number): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `BUDGET#${account}#${day}`, sk: 'BUDGET' },
          // Never more in a day than the provider lets the merchant send.
          ConditionExpression: 'attribute_not_exists(usedFen) OR usedFen <= :room',
          UpdateExpression: 'ADD usedFen :amount',
          ExpressionAttributeValues: { ':room': limitFen - amountFen, ':amount': amountFen },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** Gives back money committed to an item the provider failed (it was never sent). */
  async releaseBudget(account: string, day: string, amountFen: number) {
    await this.documents.send(
      new UpdateCommand({ TableName: this.tableName, Key: { pk: `BUDGET#${account}#${day}`, sk: 'BUDGET' }, UpdateExpression: 'ADD usedFen :minus', ExpressionAttributeValues: { ':minus': -amountFen } }),
    );
  }

  /** One batcher per account at a time: a lease that lapses by itself if its holder dies. */
  async takeLease(name: string, holder: string, now: Date, seconds: number): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `LEASE#${name}`, sk: 'LEASE', holder, expiresAt: now.getTime() + seconds * 1000 },
          // `holder = :holder`: the SDK sends the put again when its answer was lost (a timeout), and
          // that retry must find the lease its own, not held by someone else for the next minute.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR holder = :holder',
          ExpressionAttributeValues: { ':now': now.getTime(), ':holder': holder },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async releaseLease(name: string, holder: string) {
    await this.documents
      .send(new UpdateCommand({ TableName: this.tableName, Key: { pk: `LEASE#${name}`, sk: 'LEASE' }, UpdateExpression: 'SET expiresAt = :zero', ConditionExpression: 'holder = :holder', ExpressionAttributeValues: { ':zero': 0, ':holder': holder } }))
      .catch((error: unknown) => {
        if (!isConditionFailed(error)) throw error;
      });
  }

  async usedBudget(account: string, day: string): Promise<number> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk: `BUDGET#${account}#${day}`, sk: 'BUDGET' }, ConsistentRead: true }));
    return Number(Item?.usedFen ?? 0);
  }

  /** Moves a queued item to a later day ("scheduled for"), keeping its place in line. */
  async reschedule(item: QueuedItem, day: string) {
    const keys = queueKeys({ ...item, scheduledFor: day });
    await this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: payoutItemKey(item.payoutId),
          UpdateExpression: 'SET scheduledFor = :day, gsi1sk = :sk',
          ConditionExpression: '#status = :queued AND itemNo = :itemNo',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':day': day, ':sk': keys.gsi1sk, ':queued': 'queued', ':itemNo': item.itemNo },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailed(error)) throw error;
      });
  }

  newBatchNo(day: string) {
    return `PB${day.replace(/-/g, '')}${randomBytes(6).toString('hex').toUpperCase()}`;
  }

  async createBatch(batch: PayoutBatch) {
    const { items, ...head } = batch;
    await transactWrite(this.documents, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...batchKey(batch.batchNo), gsi1pk: `BATCHES#${batch.status}`, gsi1sk: `${batch.createdAt}#${batch.batchNo}`, ...batchesKeys(batch), ...head },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.tableName, Item: { ...batchItemsKey(batch.batchNo), items: JSON.stringify(items) } } },
    ]);
  }

  /** Takes queued items into a batch under their current item numbers, in one transaction. */
  async markBatched(items: readonly ItemRef[], batchNo: string): Promise<boolean[]> {
    return this.eachConditionally(items, (item) => this.markBatchedUpdate(item, batchNo));
  }

  private markBatchedUpdate(item: ItemRef, batchNo: string): ConditionalUpdate {
    return this.moveItemUpdate(item, 'queued', 'batchNo = :value REMOVE gsi1pk, gsi1sk', 'batched', batchNo);
  }

  /**
   * An item's next status, from the status and item number it was read at (else another run moved
   * it first); `set` names what else changes, its value as `:value`.
   */
  private moveItemUpdate(item: ItemRef, from: PayoutItem['status'], set: string, to: PayoutItem['status'], value: string): ConditionalUpdate {
    return {
      TableName: this.tableName,
      Key: payoutItemKey(item.payoutId),
      UpdateExpression: `SET #status = :to, ${set}`,
      ConditionExpression: '#status = :from AND itemNo = :itemNo',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':to': to, ':value': value, ':from': from, ':itemNo': item.itemNo },
    };
  }

  /**
   * One conditional update per item, all in one TransactWriteItems (one request instead of a
   * hundred). A transaction is all or nothing, so items whose condition failed are left out and
   * the rest written again; the answer says, per item, whether its update was applied.
   */
  private async eachConditionally(
    items: readonly ItemRef[],
    update: (item: ItemRef) => ConditionalUpdate,
    /** More writes of the same transaction, for the items still to be written (after their updates). */
    alongside?: (pending: ItemRef[]) => TransactItem[],
  ): Promise<boolean[]> {
    if (items.length > WRITE_GROUP) throw new RangeError(`At most ${WRITE_GROUP} items a write, not ${items.length}`);
    const applied = new Array<boolean>(items.length).fill(false);
    let pending = items.map((_, index) => index);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (pending.length === 1 && !alongside) {
        // A transaction of one is an ordinary conditional update.
        try {
          await this.documents.send(new UpdateCommand(update(items[pending[0]!]!)));
          applied[pending[0]!] = true;
        } catch (error) {
          if (!isConditionFailed(error)) throw error;
        }
        break;
      }
      try {
        await transactWrite(this.documents, [...pending.map((index) => ({ Update: update(items[index]!) })), ...(alongside?.(pending.map((index) => items[index]!)) ?? [])]);
        for (const index of pending) applied[index] = true;
        break;
      } catch (error) {
        if ((error as Error | null)?.name !== 'TransactionCanceledException' || attempt >= 10) throw error;
        const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
        // Refused by its condition: not applied. Cancelled with the others, or in conflict with
        // another write of the same item: tried again.
        const retry = pending.filter((_, i) => reasons[i]?.Code !== 'ConditionalCheckFailed');
        if (reasons.some((reason) => reason.Code && !['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(reason.Code))) throw error;
        if (reasons.some((reason) => reason.Code === 'TransactionConflict')) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        pending = retry;
      }
    }
    return applied;
  }

  async batch(batchNo: string): Promise<PayoutBatch | undefined> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `BATCH#${batchNo}` }, ConsistentRead: true }),
    );
    const head = Items.find((item) => item.sk === 'BATCH');
    if (!head) return undefined;
    const stored: unknown = Items.find((item) => item.sk === 'ITEMS')?.items ?? head.items ?? [];
    const items = (typeof stored === 'string' ? JSON.parse(stored) : stored) as BatchEntry[];
    return { ...stripKeys<PayoutBatch>(head), items };
  }

  /** Batches in a status, oldest first, without their items (a batch carries up to 1,000). */
  async batchesWithStatus(status: BatchStatus): Promise<BatchHead[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'queue',
      KeyConditionExpression: 'gsi1pk = :s',
      ExpressionAttributeValues: { ':s': `BATCHES#${status}` },
      ProjectionExpression: 'batchNo, account, totalFen, #status, createdAt, queuedAt, submittedAt',
      ExpressionAttributeNames: { '#status': 'status' },
    });
    return items as unknown as BatchHead[];
  }

  /** A page of batch heads, newest first: all of them (batches index), or those in one status (queue index). */
  async batchPage(status: BatchStatus | undefined, page: { limit: number; cursor?: string }): Promise<Page<BatchHead>> {
    const where = status
      ? { IndexName: 'queue', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `BATCHES#${status}` } }
      : { IndexName: 'batches', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': 'BATCHES' } };
    return queryPage(
      this.documents,
      { TableName: this.tableName, ...where, ScanIndexForward: false, ProjectionExpression: headProjection, ExpressionAttributeNames: { '#status': 'status' } },
      page,
      (item) => item as BatchHead,
    );
  }

  /** Payout items by id (those that exist), read consistently, a hundred keys a request. */
  async itemsById(payoutIds: readonly string[]): Promise<PayoutItem[]> {
    const ids = [...new Set(payoutIds)];
    const read = await batchGetAll(this.documents, this.tableName, ids.map(payoutItemKey), { consistent: true });
    const found = new Map(read.map((item) => [String(item.payoutId), stripKeys<PayoutItem>(item)]));
    return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  }

  async setBatchStatus(
    batchNo: string,
    from: BatchStatus,
    to: BatchStatus,
    at: string,
    changes: Partial<Pick<PayoutBatch, 'items' | 'totalFen' | 'queuedAt'>> = {},
  ): Promise<boolean> {
    const { items, ...headChanges } = changes;
    const sets = ['#status = :to', 'gsi1pk = :pk'];
    const values: Record<string, unknown> = { ':to': to, ':from': from, ':pk': `BATCHES#${to}` };
    if (to === 'submitted') {
      sets.push('submittedAt = if_not_exists(submittedAt, :at)');
      values[':at'] = at;
    }
    if (to === 'settled') {
      sets.push('settledAt = :at');
      values[':at'] = at;
    }
    for (const [name, value] of Object.entries(headChanges)) {
      if (value === undefined) continue;
      sets.push(`${name} = :${name}`);
      values[`:${name}`] = value;
    }
    const update = {
      TableName: this.tableName,
      Key: batchKey(batchNo),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    };
    try {
      if (items === undefined) await this.documents.send(new UpdateCommand(update));
      else {
        // Its items change with its status, or neither does.
        await transactWrite(this.documents, [{ Update: update }, { Put: { TableName: this.tableName, Item: { ...batchItemsKey(batchNo), items: JSON.stringify(items) } } }]);
      }
      return true;
    } catch (error) {
      if (!(isConditionFailed(error) || failedConditions(error)?.includes(0))) throw error;
      // The SDK sends a write again when its answer was lost (a timeout): finding the batch as this
      // very write left it (its new status and the time it stamped), it did apply.
      const stamp = to === 'submitted' ? 'submittedAt' : to === 'settled' ? 'settledAt' : headChanges.queuedAt !== undefined ? 'queuedAt' : undefined;
      if (!stamp) return false;
      const stamped = stamp === 'queuedAt' ? headChanges.queuedAt : at;
      const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: batchKey(batchNo), ConsistentRead: true }));
      return Item?.status === to && Item[stamp] === stamped;
    }
  }

  /**
   * The provider said SUCCESS for these item numbers: paid, once, in one transaction — with the
   * inbox, in transactions of NOTIFIED_GROUP that also deliver each member's "payout paid" notice,
   * so a payment is told exactly when it is recorded (a retry pays nothing twice and tells nothing twice).
   */
  async markPaid(items: readonly ItemRef[], at: string): Promise<boolean[]> {
    if (!this.inboxTable) return this.eachConditionally(items, (item) => this.markPaidUpdate(item, at));
    if (items.length > WRITE_GROUP) throw new RangeError(`At most ${WRITE_GROUP} items a write, not ${items.length}`);
    const owed = await this.owed(items.map((item) => item.payoutId));
    const groups: ItemRef[][] = [];
    for (let offset = 0; offset < items.length; offset += NOTIFIED_GROUP) groups.push(items.slice(offset, offset + NOTIFIED_GROUP));
    const applied = await Promise.all(
      groups.map((group) =>
        this.eachConditionally(
          group,
          (item) => this.markPaidUpdate(item, at),
          (pending) => deliverNotices(this.inboxTable!, pending.flatMap((item) => (owed.has(item.payoutId) ? [payoutPaid(owed.get(item.payoutId)!, at)] : []))) as TransactItem[],
        ),
      ),
    );
    return applied.flat();
  }

  /** Whom items pay, how much and for what (fixed when an item is owed), by payout id. */
  private async owed(payoutIds: string[]): Promise<Map<string, Pick<PayoutItem, 'payoutId' | 'userId' | 'amountFen' | 'source'>>> {
    const read = await batchGetAll(this.documents, this.tableName, [...new Set(payoutIds)].map(payoutItemKey), {
      consistent: true,
      projection: 'payoutId, userId, amountFen, #source',
      names: { '#source': 'source' },
    });
    return new Map(read.map((item) => [String(item.payoutId), item as Pick<PayoutItem, 'payoutId' | 'userId' | 'amountFen' | 'source'>]));
  }

  private markPaidUpdate(item: ItemRef, at: string): ConditionalUpdate {
    return this.moveItemUpdate(item, 'batched', 'paidAt = :value', 'paid', at);
  }

  /** The provider said FAIL for this item number: queue it again under the next number. */
  async requeueFailed(item: PayoutItem, itemNo: string, reason: string | undefined, day: string, at: string): Promise<boolean> {
    const attempt = item.attempt + 1;
    const next = { ...item, attempt, itemNo: itemNoOf(item.payoutId, attempt), scheduledFor: day, queuedAt: at };
    const keys = queueKeys(next);
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: payoutItemKey(item.payoutId),
          UpdateExpression:
            'SET #status = :queued, attempt = :attempt, itemNo = :next, scheduledFor = :day, queuedAt = :at, gsi1pk = :g1pk, gsi1sk = :g1sk, failures = list_append(if_not_exists(failures, :none), :failure) REMOVE batchNo',
          // Only the number the provider failed, only once.
          ConditionExpression: '#status = :batched AND itemNo = :itemNo',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':queued': 'queued',
            ':attempt': attempt,
            ':next': next.itemNo,
            ':day': day,
            ':at': at,
            ':g1pk': keys.gsi1pk,
            ':g1sk': keys.gsi1sk,
            ':none': [],
            ':failure': [{ itemNo, reason, at }],
            ':batched': 'batched',
            ':itemNo': itemNo,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}
