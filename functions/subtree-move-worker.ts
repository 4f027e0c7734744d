/**
 * Consumer of the subtreeMoves queue: re-paths the descendants, members, claims and applications of a moved
 * organisation. Partial batch responses; every write is conditional on the old path, so a
 * redelivered message is harmless.
 */
import * as z from 'zod/mini';
import { continuingWorker } from '../shared/aws/continuing-worker';
import { logger } from '../shared/observability';
import { rePathSubtree } from '../shared/organisations/subtree-repath';
import { claimStore } from '../shared/adapters/claim-store';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { queueSubtreeMove } from '../shared/adapters/subtree-moves';

const SubtreeMoveMessage = z.object({ organisationId: z.string(), oldPath: z.string(), newPath: z.string() });

// The deadline leaves 30 s to send the continuation before Lambda stops us.
export const handler = continuingWorker(
  SubtreeMoveMessage,
  async (move, deadline) => {
    const result = await rePathSubtree({ orgs: organisationStore, members: membershipStore, claims: claimStore, applications: subsidyStore, continueLater: queueSubtreeMove }, move, deadline);
    logger.info(result.done ? 'Subtree re-pathed' : 'Subtree re-pathing continues in a new message', { ...move, ...result });
  },
  { safetyMs: 30_000 },
);
