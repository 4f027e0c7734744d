/**
 * DynamoDB storage of the access log, in the inbox table beside the member's notices (keys in
 * shared/inbox/inbox-keys.ts): the inbox table already holds what is the member's to read under
 * USER#<sub>, has no stream (a logged page of 100 members wakes no aggregator, as the accounts
 * table's stream would), and the routes that log need only `write` on it — not write access to the
 * accounts table, where profiles and role grants live. Records expire by TTL.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPageUnder } from '../aws/queries';
import { accessRecordKey, ACCESS_PREFIX, inboxPartition } from '../inbox/inbox-keys';
import type { Page } from '../pagination';
import { ACCESS_RECORD_DAYS } from './access-log';
import type { AccessLogStore, AccessRecord } from './access-log-store';

/** DynamoDB's most items in one BatchWriteItem. */
const BATCH = 25;
/** Batches written at once. */
const IN_FLIGHT = 8;
/** Attempts at the items DynamoDB hands back unprocessed (throttling), with a growing pause. */
const ATTEMPTS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const toRecord = (item: Record<string, unknown>): AccessRecord => {
  const { pk: _pk, sk: _sk, expiresAt: _expiresAt, ...record } = item;
  return record as unknown as AccessRecord;
};

export class DynamoAccessLogStore implements AccessLogStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * One BatchWriteItem per 25 records (a list page of at most 100 members is four, sent at once;
   * a payout batch of 1,000 recipients is forty, at most IN_FLIGHT at a time).
   */
  async record(records: AccessRecord[]): Promise<void> {
    const batches: AccessRecord[][] = [];
    for (let i = 0; i < records.length; i += BATCH) batches.push(records.slice(i, i + BATCH));
    for (let i = 0; i < batches.length; i += IN_FLIGHT) await Promise.all(batches.slice(i, i + IN_FLIGHT).map((batch) => this.writeBatch(batch)));
  }

  private async writeBatch(batch: AccessRecord[]): Promise<void> {
    let requests = batch.map((record) => ({
      PutRequest: {
        Item: { ...record, ...accessRecordKey(record), expiresAt: Math.floor(Date.parse(record.at) / 1000) + ACCESS_RECORD_DAYS * 86_400 },
      },
    }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > ATTEMPTS) throw new Error(`${requests.length} access records left unwritten after ${ATTEMPTS} attempts`);
      if (attempt > 1) await sleep(50 * 2 ** attempt);
      const { UnprocessedItems } = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
      requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
    }
  }

  async records(userId: string, page: { limit: number; cursor?: string }): Promise<Page<AccessRecord>> {
    // Only a place in this member's own access log: another member's cursor, or her notices', is refused.
    return queryPageUnder(this.documents, this.tableName, inboxPartition(userId), ACCESS_PREFIX, page, toRecord, { ScanIndexForward: false });
  }
}
