/**
 * Consumer of the source tables' DynamoDB streams: applies each record's change to the dashboard's
 * figures exactly once (a marker per record in the same transaction), slice by slice; a slice that
 * fails is reported with every record after it, so the event source retries from there.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { dashboardStore } from '../shared/adapters/dashboard-store';
import { applyRecords } from '../shared/dashboard/aggregator';
import type { ChangeRecord } from '../shared/dashboard/dashboard-store';
import { sourceTableOf } from '../shared/dashboard/figures';
import { logger } from '../shared/observability';

const SLICE = 100;

const image = (value: Record<string, unknown> | undefined) => (value ? unmarshall(value as Record<string, AttributeValue>) : undefined);

function changeOf(record: DynamoDBRecord): ChangeRecord | undefined {
  const keys = image(record.dynamodb?.Keys as Record<string, unknown> | undefined);
  const table = sourceTableOf(keys);
  if (!table || !record.eventID) return undefined;
  return { eventId: record.eventID, table, before: image(record.dynamodb?.OldImage as Record<string, unknown> | undefined), after: image(record.dynamodb?.NewImage as Record<string, unknown> | undefined) };
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records = event.Records;
  for (let i = 0; i < records.length; i += SLICE) {
    const slice = records.slice(i, i + SLICE);
    try {
      const changes = slice.map(changeOf).filter((change): change is ChangeRecord => change !== undefined);
      const result = await applyRecords(dashboardStore, changes);
      logger.debug('Stream records applied', { records: slice.length, ...result });
    } catch (error) {
      logger.error('Stream records not applied; retried from the first of them', { error: error as Error, from: slice[0]?.dynamodb?.SequenceNumber });
      return { batchItemFailures: [{ itemIdentifier: slice[0]!.dynamodb!.SequenceNumber! }] };
    }
  }
  return { batchItemFailures: [] };
};
