/**
 * The background half of a move: re-paths every descendant organisation and every member under
 * the moved subtree, then marks the move finished. Triggered by the subtreeMoves queue; every
 * step is conditional on the old path, so a redelivered message does nothing twice. A subtree
 * too large for one invocation is carried on by a continuation message (a city holds millions of
 * members; one Lambda run lasts at most minutes).
 */
import type { MembershipStore } from '../members/membership-store';
import type { QueueSubtreeMove, SubtreeMove } from './organisation-move';
import type { OrganisationStore } from './organisation-store';

export async function rePathSubtree(
  deps: { orgs: OrganisationStore; members: Pick<MembershipStore, 'rePathMembers'>; continueLater: QueueSubtreeMove },
  move: SubtreeMove,
  deadline: number,
): Promise<{ organisations: number; members: number; done: boolean }> {
  const organisations = await deps.orgs.rePathDescendants(move.organisationId, move.oldPath, move.newPath, deadline);
  const members = organisations.done ? await deps.members.rePathMembers(move.oldPath, move.newPath, deadline) : { moved: 0, done: false };
  const done = organisations.done && members.done;
  if (done) await deps.orgs.finishMove(move.organisationId, move.oldPath);
  else await deps.continueLater(move);
  return { organisations: organisations.moved, members: members.moved, done };
}
