/**
 * The background half of a move: re-paths every descendant organisation and every member under
 * the moved subtree, then marks the move finished. Triggered by the subtree-moves queue; every
 * step is conditional on the old path, so a redelivered message does nothing twice.
 */
import type { MembershipStore } from '../members/membership-store';
import type { SubtreeMove } from './organisation-move';
import type { OrganisationStore } from './organisation-store';

export async function rePathSubtree(
  deps: { orgs: OrganisationStore; members: Pick<MembershipStore, 'rePathMembers'> },
  move: SubtreeMove,
): Promise<{ organisations: number; members: number }> {
  const organisations = await deps.orgs.rePathDescendants(move.organisationId, move.oldPath, move.newPath);
  const members = await deps.members.rePathMembers(move.oldPath, move.newPath);
  await deps.orgs.finishMove(move.organisationId, move.oldPath);
  return { organisations, members };
}
