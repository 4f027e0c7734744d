/**
 * Renaming, settings and closing, by an admin of the organisation's subtree (or an operator).
 * Closing keeps the record (status closed): an organisation is never silently lost, and one with
 * active children or members cannot be closed until they are moved.
 */
import type { Account } from '../accounts/account';
import { RootCannotClose } from './errors';
import type { Organisation } from './organisation';
import type { OrganisationStore } from './organisation-store';
import { organisationInScope } from './scope';

export async function updateOrganisation(
  orgs: OrganisationStore,
  caller: Account,
  id: string,
  changes: { name?: string; autoApprove?: boolean; federationsOnDemand?: boolean },
  now: Date = new Date(),
): Promise<Organisation> {
  await organisationInScope(caller, id, orgs);
  return orgs.update(id, changes, now.toISOString());
}

export async function closeOrganisation(
  orgs: OrganisationStore,
  caller: Account,
  id: string,
  now: Date = new Date(),
): Promise<Organisation> {
  const organisation = await organisationInScope(caller, id, orgs);
  if (!organisation.parentId) throw new RootCannotClose();
  await orgs.close(organisation, now.toISOString());
  return { ...organisation, status: 'closed', updatedAt: now.toISOString() };
}
