/**
 * An admin creates a child organisation under one they administer (an operator anywhere).
 *
 * Primary course:
 *  1. Load the parent; it must exist, be active and lie in the caller's scope.
 *  2. Check the placement: the kind may sit under the parent's kind; a federation names its industry.
 *  3. Create it with its path under the parent, counted in the parent's children — conditionally,
 *     so a parent closed meanwhile refuses it, and a second federation for the same industry too.
 */
import type { Account } from '../accounts/account';
import type { Industry } from '../accounts/schemas';
import { InvalidPlacement, OrganisationClosed, OrganisationNotFound } from './errors';
import { allowedParents, childPath, newOrganisationId, type Organisation, type OrganisationKind } from './organisation';
import type { OrganisationStore } from './organisation-store';
import { assertAdministers } from './scope';

export interface CreateOrganisationInput {
  parentId: string;
  name: string;
  kind: Exclude<OrganisationKind, 'province'>;
  industry?: Industry;
  autoApprove: boolean;
  federationsOnDemand?: boolean;
}

export function placementProblem(kind: OrganisationKind, parent: Organisation, industry?: Industry): string | undefined {
  if (!allowedParents[kind].includes(parent.kind)) {
    return `A ${kind} cannot sit under a ${parent.kind}; it goes under: ${allowedParents[kind].join(', ') || 'nothing'}.`;
  }
  if (kind === 'industry-federation' && !industry) return 'An industry federation needs its industry.';
  if (kind !== 'industry-federation' && industry) return 'Only an industry federation has an industry.';
  return undefined;
}

export async function createOrganisation(
  orgs: OrganisationStore,
  caller: Account,
  input: CreateOrganisationInput,
  now: Date = new Date(),
): Promise<Organisation> {
  const parent = await orgs.get(input.parentId);
  if (!parent) throw new OrganisationNotFound(input.parentId);
  await assertAdministers(caller, parent, orgs);
  if (parent.status !== 'active') throw new OrganisationClosed(parent.id);
  const problem = placementProblem(input.kind, parent, input.industry);
  if (problem) throw new InvalidPlacement(problem, input.industry && input.kind !== 'industry-federation' ? 'body.industry' : 'body.kind');

  const id = newOrganisationId();
  const organisation: Organisation = {
    id,
    name: input.name,
    kind: input.kind,
    parentId: parent.id,
    path: childPath(parent, id),
    industry: input.industry,
    status: 'active',
    autoApprove: input.autoApprove,
    federationsOnDemand: input.federationsOnDemand,
    memberCount: 0,
    childCount: 0,
    createdAt: now.toISOString(),
  };
  await orgs.create(organisation);
  return organisation;
}
