/**
 * Moving an organisation, with its whole subtree, under another parent.
 *
 * Primary course:
 *  1. Load both; the caller must administer the organisation and the new parent.
 *  2. Check the placement (kind under kind) and that the new parent is not inside the subtree.
 *  3. Re-parent the organisation itself, conditionally on the path we read (one move wins).
 *  4. Queue the re-pathing of its descendants and their members, which runs in the background
 *     and is safe to repeat; "is A under B" for a descendant follows once it has run.
 */
import type { Account } from '../accounts/account';
import { InvalidPlacement, OrganisationClosed, OrganisationMoving, OrganisationNotFound } from './errors';
import { childPath, type Organisation } from './organisation';
import { placementProblem } from './organisation-create';
import type { OrganisationStore } from './organisation-store';
import { currentPathInScope, segmentsOf } from './scope';

export interface SubtreeMove {
  organisationId: string;
  oldPath: string;
  newPath: string;
}

/** The port that hands a subtree move to the background worker. */
export type QueueSubtreeMove = (move: SubtreeMove) => Promise<void>;

export async function moveOrganisation(
  deps: { orgs: OrganisationStore; queueMove: QueueSubtreeMove },
  caller: Account,
  id: string,
  newParentId: string,
  now: Date = new Date(),
): Promise<{ organisation: Organisation; descendantsMoving: boolean }> {
  const { orgs } = deps;
  const [organisation, newParent] = await Promise.all([orgs.get(id), orgs.get(newParentId)]);
  if (!organisation) throw new OrganisationNotFound(id);
  if (!newParent) throw new OrganisationNotFound(newParentId);
  // Both as the tree is now: a stored path may still be following an earlier move.
  const currentPath = await currentPathInScope(caller, organisation, orgs);
  const parentPath = await currentPathInScope(caller, newParent, orgs);
  if (organisation.status !== 'active') throw new OrganisationClosed(organisation.id);
  if (newParent.status !== 'active') throw new OrganisationClosed(newParent.id);
  if (!organisation.parentId) throw new InvalidPlacement('The root of the tree cannot move.', 'params.orgId');
  if (segmentsOf(parentPath).includes(organisation.id)) {
    throw new InvalidPlacement('An organisation cannot move under itself or its own subtree.', 'body.newParentId');
  }
  const problem = placementProblem(organisation.kind, newParent, organisation.industry);
  if (problem) throw new InvalidPlacement(problem, 'body.newParentId');
  if (newParent.id === organisation.parentId) {
    // A retried move whose queueing failed: queue the re-pathing again; it is safe to repeat.
    if (organisation.movingFrom) {
      await deps.queueMove({ organisationId: id, oldPath: organisation.movingFrom, newPath: organisation.path });
    }
    return { organisation, descendantsMoving: Boolean(organisation.movingFrom) };
  }
  if (organisation.movingFrom) throw new OrganisationMoving();
  // Inside a subtree still being re-pathed, its stored path is not yet its own: wait for it.
  if (organisation.path !== currentPath) throw new OrganisationMoving();

  const newPath = childPath({ path: parentPath }, organisation.id);
  await orgs.move(organisation, newParent, newPath, now.toISOString());
  await deps.queueMove({ organisationId: organisation.id, oldPath: organisation.path, newPath });
  return {
    organisation: { ...organisation, parentId: newParent.id, path: newPath, movingFrom: organisation.path, updatedAt: now.toISOString() },
    descendantsMoving: true,
  };
}
