/** DynamoDB storage of payouts (keys in payout-keys.ts); every change is conditional on the state it was decided on. */
import { isConditionFailed } from '../aws/transactions';
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../accounts/keys';
import { queryAll } from '../aws/queries';
import { itemNoOf, type PayoutItem } from './payout';
import { payoutItemKey, queueKeys } from './payout-keys';

export interface PayoutBatch {
  batchNo: string;
  account: string;
  items: { payoutId: string; itemNo: string; recipient: string; amountFen: number }[];
  totalFen: number;
  status: 'created' | 'submitted' | 'settled';
  createdAt: string;
  submittedAt?: string;
}

const batchKey = (batchNo: string) => ({ pk: `BATCH#${batchNo}`, sk: 'BATCH' });

export class DynamoPayoutStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async item(payoutId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: payoutItemKey(payoutId), ConsistentRead: true }));
    return Item ? stripKeys<PayoutItem>(Item) : undefined;
  }

  /** Queued items of an account due by `day`, oldest first. */
  async due(account: string, day: string, limit: number): Promise<PayoutItem[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'queue',
        KeyConditionExpression: 'gsi1pk = :queue AND gsi1sk < :after',
        ExpressionAttributeValues: { ':queue': `QUEUE#${account}`, ':after': `${day}#~` },
        Limit: limit,
      }),
    );
    return Items.map((item) => stripKeys<PayoutItem>(item)).filter((item) => item.status === 'queued');
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
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': now.getTime() },
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
  async reschedule(item: PayoutItem, day: string) {
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
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...batchKey(batch.batchNo), gsi1pk: `BATCHES#${batch.status}`, gsi1sk: `${batch.createdAt}#${batch.batchNo}`, ...batch },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** Takes a queued item into a batch under its current item number; false if it was not queued any more. */
  async markBatched(item: PayoutItem, batchNo: string): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: payoutItemKey(item.payoutId),
          UpdateExpression: 'SET #status = :batched, batchNo = :batch REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :queued AND itemNo = :itemNo',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':batched': 'batched', ':batch': batchNo, ':queued': 'queued', ':itemNo': item.itemNo },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async batch(batchNo: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: batchKey(batchNo), ConsistentRead: true }));
    return Item ? stripKeys<PayoutBatch>(Item) : undefined;
  }

  async batchesWithStatus(status: PayoutBatch['status']) {
    const items = await queryAll(this.documents, { TableName: this.tableName, IndexName: 'queue', KeyConditionExpression: 'gsi1pk = :s', ExpressionAttributeValues: { ':s': `BATCHES#${status}` } });
    return items.map((item) => stripKeys<PayoutBatch>(item));
  }

  async setBatchStatus(batch: PayoutBatch, from: PayoutBatch['status'], to: PayoutBatch['status'], at: string) {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: batchKey(batch.batchNo),
          UpdateExpression: 'SET #status = :to, gsi1pk = :pk, submittedAt = if_not_exists(submittedAt, :at)',
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': to, ':from': from, ':pk': `BATCHES#${to}`, ':at': at },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }

  /** The provider said SUCCESS for this item number: paid, once. */
  async markPaid(payoutId: string, itemNo: string, at: string): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: payoutItemKey(payoutId),
          UpdateExpression: 'SET #status = :paid, paidAt = :at',
          ConditionExpression: '#status = :batched AND itemNo = :itemNo',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':paid': 'paid', ':at': at, ':batched': 'batched', ':itemNo': itemNo },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
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
