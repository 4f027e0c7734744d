/**
 * Who may administer what: an operator the whole platform, an admin the subtree of each active
 * organisation granted to them. Checked on the server on every admin request, from the tables,
 * against the tree as it is now.
 *
 * "As it is now" matters because paths are copies. An organisation's `path` is rewritten by the
 * background half of a move (descendants follow the moved root some time after it), and records
 * (applications, claims, campaigns) keep the path their union had when they were made. What is
 * never stale is each organisation's own `parentId`: a move changes the moved root's parent in the
 * same write that re-parents it, and nothing else's. So a union's ancestry is read by following
 * `parentId` upwards, and every path copy only serves as a prefetch list of the ids to read:
 *
 *  1. one BatchGet of the union, the ids in the path we were given (its stored path or a record's
 *     copy) and the caller's granted organisations — when nothing has moved, that is everything;
 *  2. if the walk reaches an ancestor we did not read (the moved root's new parent), one more
 *     BatchGet of it and the ids of the path stored on the organisation that pointed to it (the
 *     moved root's own path is rewritten at once, so it names its new ancestors).
 *
 * One round trip normally, two after a move; a handful of small items (the tree is at most six
 * deep), whatever the size of the subtree, and right while the move's background half is still
 * re-pathing the descendants.
 */
import { administeredOrganisations, rolesOf, type Account } from '../accounts/account';
import { NotInScope, OrganisationNotFound } from './errors';
import type { Organisation } from './organisation';
import type { OrganisationReader } from './organisation-store';

/** The ids of a path ("gd/gz/a/" → gd, gz, a). */
export const segmentsOf = (path: string): string[] => path.split('/').filter(Boolean);

/** Organisations read so far in one decision (null: known not to exist). */
export type KnownOrganisations = Map<string, Organisation | null>;

/** The deepest a tree can be, with room for a root federation; a longer walk is a cycle. */
const MAX_DEPTH = 16;

async function readInto(orgs: OrganisationReader, ids: string[], known: KnownOrganisations): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  if (missing.length === 0) return;
  const found = await orgs.getMany(missing);
  for (const id of missing) known.set(id, null);
  for (const organisation of found) known.set(organisation.id, organisation);
}

/**
 * The organisations from the root down to `organisationId` as the tree is now, or undefined when
 * it or one of its ancestors does not exist. `prefetch` names ids worth reading in the first round
 * (a path copy, the caller's grants).
 */
export async function ancestryOf(
  organisationId: string,
  orgs: OrganisationReader,
  options: { prefetch?: string[]; known?: KnownOrganisations } = {},
): Promise<Organisation[] | undefined> {
  const known = options.known ?? new Map();
  await readInto(orgs, [organisationId, ...(options.prefetch ?? [])], known);
  const start = known.get(organisationId);
  if (!start) return undefined;
  const chain: Organisation[] = [start];
  const seen = new Set([start.id]);
  let current = start;
  while (current.parentId) {
    if (!known.has(current.parentId)) await readInto(orgs, [current.parentId, ...segmentsOf(current.path)], known);
    const parent = known.get(current.parentId);
    if (!parent || seen.has(parent.id) || chain.length > MAX_DEPTH) return undefined;
    chain.unshift(parent);
    seen.add(parent.id);
    current = parent;
  }
  return chain;
}

/** An organisation's path as the tree is now (its stored `path` may still be on its way). */
export async function currentPathOf(organisationId: string, orgs: OrganisationReader, pathHint?: string): Promise<string | undefined> {
  const chain = await ancestryOf(organisationId, orgs, { prefetch: segmentsOf(pathHint ?? '') });
  return chain && pathOf(chain);
}

/**
 * A reader that reads each organisation at most once: for several decisions in one request (a
 * page of reviews), whose unions share most of their ancestry.
 */
export function readOnce(orgs: OrganisationReader): OrganisationReader {
  const known: KnownOrganisations = new Map();
  return {
    get: async (id) => {
      await readInto(orgs, [id], known);
      return known.get(id) ?? undefined;
    },
    getMany: async (ids) => {
      await readInto(orgs, ids, known);
      return ids.flatMap((id) => (known.get(id) ? [known.get(id)!] : []));
    },
  };
}

const isOperator = (caller: Account) => rolesOf(caller).includes('operator');

/**
 * The caller's standing towards an organisation, as the tree is now: its ancestry (undefined when
 * it does not exist) and whether the caller administers it. One decision, one set of reads.
 */
async function standing(caller: Account, organisationId: string, orgs: OrganisationReader, pathHint?: string) {
  const granted = isOperator(caller) ? [] : administeredOrganisations(caller);
  const known: KnownOrganisations = new Map();
  const chain = await ancestryOf(organisationId, orgs, { prefetch: [...segmentsOf(pathHint ?? ''), ...granted], known });
  if (!chain) return { chain, allowed: false };
  if (isOperator(caller)) return { chain, allowed: true };
  await readInto(orgs, granted, known);
  return { chain, allowed: chain.some((ancestor) => granted.includes(ancestor.id) && known.get(ancestor.id)?.status === 'active') };
}

const pathOf = (chain: Organisation[]) => chain.map((organisation) => `${organisation.id}/`).join('');

/**
 * Whether the caller administers the union `organisationId` (or anything else in the tree) as the
 * tree is now. `pathHint` is a record's copy of the union's path, read in the same first round.
 * An operator needs no reads.
 */
export async function administersUnion(caller: Account, organisationId: string, orgs: OrganisationReader, pathHint?: string): Promise<boolean> {
  if (isOperator(caller)) return true;
  if (administeredOrganisations(caller).length === 0) return false;
  return (await standing(caller, organisationId, orgs, pathHint)).allowed;
}

/** Whether the caller administers `target`, an organisation already read. */
export async function administers(caller: Account, target: Pick<Organisation, 'id' | 'path'>, orgs: OrganisationReader): Promise<boolean> {
  return administersUnion(caller, target.id, orgs, target.path);
}

/** For routes aimed at an organisation (the tree is public): out of scope is 403 NOT_IN_SCOPE. */
export async function assertAdministers(caller: Account, target: Pick<Organisation, 'id' | 'path' | 'name'>, orgs: OrganisationReader): Promise<void> {
  if (!(await administers(caller, target, orgs))) throw new NotInScope(target.name);
}

/** The organisation `id` when it exists (else 404) and the caller administers it (else 403 NOT_IN_SCOPE). */
export async function organisationInScope(caller: Account, id: string, orgs: OrganisationReader): Promise<Organisation> {
  const organisation = await orgs.get(id);
  if (!organisation) throw new OrganisationNotFound(id);
  await assertAdministers(caller, organisation, orgs);
  return organisation;
}

/** As `assertAdministers`, and answers the organisation's path as the tree is now. */
export async function currentPathInScope(caller: Account, target: Pick<Organisation, 'id' | 'path' | 'name'>, orgs: OrganisationReader): Promise<string> {
  const { chain, allowed } = await standing(caller, target.id, orgs, target.path);
  if (!chain || !allowed) throw new NotInScope(target.name);
  return pathOf(chain);
}
