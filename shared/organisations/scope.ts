/**
 * Who may administer what: an operator the whole platform, an admin the subtree of each
 * organisation granted to them. Checked on the server on every admin request, from the tables.
 */
import { administeredOrganisations, rolesOf, type Account } from '../accounts/account';
import { NotInScope } from './errors';
import { isWithin, type Organisation } from './organisation';
import type { OrganisationReader } from './organisation-store';

export async function administers(caller: Account, target: Pick<Organisation, 'path'>, orgs: OrganisationReader): Promise<boolean> {
  if (rolesOf(caller).includes('operator')) return true;
  const granted = administeredOrganisations(caller);
  if (granted.length === 0) return false;
  const roots = await orgs.getMany(granted);
  return roots.some((root) => root.status === 'active' && isWithin(target, root));
}

export async function assertAdministers(
  caller: Account,
  target: Pick<Organisation, 'path' | 'name'>,
  orgs: OrganisationReader,
): Promise<void> {
  if (!(await administers(caller, target, orgs))) throw new NotInScope(target.name);
}
