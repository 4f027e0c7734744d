/**
 * Consumer of the subtreeMoves queue: re-paths the descendants and members of a moved
 * organisation. Partial batch responses; every write is conditional on the old path, so a
 * redelivered message is harmless.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { logger } from '../shared/observability';
import { rePathSubtree } from '../shared/organisations/subtree-repath';
import { membershipStore, organisationStore } from '../shared/stores';

const SubtreeMoveMessage = z.object({ organisationId: z.string(), oldPath: z.string(), newPath: z.string() });
const processor = new BatchProcessor(EventType.SQS);

export async function handleRecord(record: SQSRecord) {
  const move = SubtreeMoveMessage.parse(JSON.parse(record.body));
  const moved = await rePathSubtree({ orgs: organisationStore(), members: membershipStore() }, move);
  logger.info('Subtree re-pathed', { ...move, ...moved });
}

export const handler = (event: SQSEvent, context: Context) =>
  processPartialResponse(event, handleRecord, processor, { context });
