/**
 * Consumer of the subtreeMoves queue: re-paths the descendants, members, claims and applications of a moved
 * organisation. Partial batch responses; every write is conditional on the old path, so a
 * redelivered message is harmless.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { logger } from '../shared/observability';
import { rePathSubtree } from '../shared/organisations/subtree-repath';
import { claimStore } from '../shared/adapters/claim-store';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { queueSubtreeMove } from '../shared/adapters/subtree-moves';

const SubtreeMoveMessage = z.object({ organisationId: z.string(), oldPath: z.string(), newPath: z.string() });
const processor = new BatchProcessor(EventType.SQS);

// Leave time to send the continuation before Lambda stops us.
const SAFETY_MS = 30_000;

export const handler = (event: SQSEvent, context: Context) =>
  processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const move = SubtreeMoveMessage.parse(JSON.parse(record.body));
      const deadline = Date.now() + Math.max(1_000, context.getRemainingTimeInMillis() - SAFETY_MS);
      const result = await rePathSubtree({ orgs: organisationStore, members: membershipStore, claims: claimStore, applications: subsidyStore, continueLater: queueSubtreeMove }, move, deadline);
      logger.info(result.done ? 'Subtree re-pathed' : 'Subtree re-pathing continues in a new message', { ...move, ...result });
    },
    processor,
    { context },
  );
