/** A small demo union tree and its callers, in memory, for unit tests of rules that read the tree. */
import type { Account } from '../../shared/accounts/account';
import type { Organisation } from '../../shared/organisations/organisation';
import type { OrganisationReader } from '../../shared/organisations/organisation-store';

export const paths: Record<string, string> = {
  gd: 'gd/',
  gz: 'gd/gz/',
  'gz-tianhe': 'gd/gz/gz-tianhe/',
  'gz-metro': 'gd/gz/gz-tianhe/gz-metro/',
  sz: 'gd/sz/',
  'sz-bayview': 'gd/sz/sz-bayview/',
};
export const union = (id: string): Organisation =>
  ({ id, name: `${id} 工会`, kind: 'grassroots', path: paths[id]!, parentId: paths[id]!.split('/').filter(Boolean).at(-2), status: 'active', autoApprove: true, memberCount: 0, childCount: 0, createdAt: '' }) as Organisation;
export const orgs: OrganisationReader = {
  get: async (id) => (paths[id] ? union(id) : undefined),
  getMany: async (ids) => ids.flatMap((id) => (paths[id] ? [union(id)] : [])),
};

export const operator: Account = { userId: 'op', grants: [{ role: 'operator', grantedAt: '', grantedBy: '' }] };
export const adminOf = (organisationId: string): Account => ({ userId: `admin-${organisationId}`, grants: [{ role: 'admin', organisationId, grantedAt: '', grantedBy: '' }] });
