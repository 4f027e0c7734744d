/**
 * The background half of a move: re-paths every descendant organisation, every member, every
 * claim and every subsidy application under the moved subtree (their index keys carry the path),
 * then marks the move finished. Triggered by the subtreeMoves queue; every
 * step is conditional on the old path, so a redelivered message does nothing twice. A subtree
 * too large for one invocation is carried on by a continuation message (a city holds millions of
 * members; one Lambda run lasts at most minutes).
 */
import type { ClaimRePather } from '../claims/claim-store';
import type { MembershipStore } from '../members/membership-store';
import type { ApplicationRePather } from '../subsidies/subsidy-store';
import type { QueueSubtreeMove, SubtreeMove } from './organisation-move';
import type { OrganisationStore } from './organisation-store';

export async function rePathSubtree(
  deps: { orgs: OrganisationStore; members: Pick<MembershipStore, 'rePathMembers'>; claims: ClaimRePather; applications: ApplicationRePather; continueLater: QueueSubtreeMove },
  move: SubtreeMove,
  deadline: number,
): Promise<{ organisations: number; members: number; claims: number; applications: number; done: boolean }> {
  const notYet = { moved: 0, done: false };
  const organisations = await deps.orgs.rePathDescendants(move.organisationId, move.oldPath, move.newPath, deadline);
  const members = organisations.done ? await deps.members.rePathMembers(move.oldPath, move.newPath, deadline) : notYet;
  const claims = members.done ? await deps.claims.rePathClaims(move.oldPath, move.newPath, deadline) : notYet;
  const applications = claims.done ? await deps.applications.rePathApplications(move.oldPath, move.newPath, deadline) : notYet;
  const done = organisations.done && members.done && claims.done && applications.done;
  if (done) await deps.orgs.finishMove(move.organisationId, move.oldPath);
  else await deps.continueLater(move);
  return { organisations: organisations.moved, members: members.moved, claims: claims.moved, applications: applications.moved, done };
}
