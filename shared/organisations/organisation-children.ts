/** The direct children of a union, by name, a page at a time; a union that does not exist is a 404, not an empty list. */
import type { Page } from '../pagination';
import { OrganisationNotFound } from './errors';
import type { Organisation } from './organisation';
import type { OrganisationStore } from './organisation-store';

export async function childrenOf(orgs: Pick<OrganisationStore, 'get' | 'children'>, orgId: string, page: { limit: number; cursor?: string }): Promise<Page<Organisation>> {
  const [parent, children] = await Promise.all([orgs.get(orgId), orgs.children(orgId, page)]);
  if (!parent) throw new OrganisationNotFound(orgId);
  return children;
}
