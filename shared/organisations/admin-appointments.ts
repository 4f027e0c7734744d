/**
 * Appointing and removing a union's admins. An admin does it for unions in her own subtree, an
 * operator for any union; the grant is written on the appointee's account, which the request path
 * reads on every request, so an appointment or removal takes effect on the appointee's next request.
 * Every change is recorded (who, when, which union, whom).
 *
 * Removing the last admin of a union is allowed: the union is never left unadministered, since the
 * admins of every union above it and the operators act on its subtree too. An admin may remove
 * herself.
 */
import type { Account } from '../accounts/account';
import { UserNotFound } from './admin-errors';
import type { AdminStore, UnionAdmin } from './admin-store';
import { OrganisationClosed } from './errors';
import type { OrganisationReader } from './organisation-store';
import { organisationInScope } from './scope';

export interface AdminDependencies {
  admins: AdminStore;
  orgs: OrganisationReader;
}

/**
 * Appointing an admin.
 *
 * Primary course:
 *  1. The union exists, is open, and the caller administers it (else 404 / 409 / 403).
 *  2. The appointee is a registered user (else 404 USER_NOT_FOUND) and not yet its admin (else 409).
 *  3. One transaction: grant, roster entry, change record.
 */
export async function appointAdmin(deps: AdminDependencies, caller: Account, organisationId: string, userId: string, now: Date = new Date()): Promise<UnionAdmin> {
  const organisation = await organisationInScope(caller, organisationId, deps.orgs);
  if (organisation.status !== 'active') throw new OrganisationClosed(organisationId);
  const name = await deps.admins.registeredName(userId);
  if (name === undefined) throw new UserNotFound(userId);
  const at = now.toISOString();
  const admin: UnionAdmin = { organisationId, userId, name, appointedAt: at, appointedBy: caller.userId };
  await deps.admins.appoint(admin, { organisationId, at, by: caller.userId, event: 'appointed', userId });
  return admin;
}

/** Removing an admin: the grant goes (404 ADMIN_NOT_FOUND if there was none) and the change is recorded. */
export async function removeAdmin(deps: AdminDependencies, caller: Account, organisationId: string, userId: string, now: Date = new Date()) {
  await organisationInScope(caller, organisationId, deps.orgs);
  const at = now.toISOString();
  await deps.admins.remove(organisationId, userId, { organisationId, at, by: caller.userId, event: 'removed', userId });
  return { organisationId, userId, removedAt: at, removedBy: caller.userId };
}

export async function listAdmins(deps: AdminDependencies, caller: Account, organisationId: string, page: { limit: number; cursor?: string }) {
  await organisationInScope(caller, organisationId, deps.orgs);
  return deps.admins.admins(organisationId, page);
}

export async function listAdminChanges(deps: AdminDependencies, caller: Account, organisationId: string, page: { limit: number; cursor?: string }) {
  await organisationInScope(caller, organisationId, deps.orgs);
  return deps.admins.changes(organisationId, page);
}

