/**
 * Scope as the tree is now, with a fake organisation reader that counts its round trips: records
 * keep their union's path from when they were made, and a move re-paths descendants some time
 * after it re-parents the moved root. Authority must follow the tree at every step of that.
 */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import { memberSources } from '../../shared/members/membership';
import type { Organisation } from '../../shared/organisations/organisation';
import type { OrganisationReader } from '../../shared/organisations/organisation-store';
import { administersUnion, ancestryOf, currentPathInScope, currentPathOf, readOnce } from '../../shared/organisations/scope';

const grant = { grantedAt: '', grantedBy: '' };
const admin = (organisationId: string): Account => ({ userId: `admin-of-${organisationId}`, grants: [{ role: 'admin', organisationId, ...grant }] });
const operator: Account = { userId: 'op', grants: [{ role: 'operator', ...grant }] };

/** A tree in memory: organisations by id, each with its own stored path and parent. */
class FakeTree implements OrganisationReader {
  readonly byId = new Map<string, Organisation>();
  roundTrips = 0;
  keysRead = 0;

  add(id: string, parentId: string | undefined, kind: Organisation['kind'] = 'county', status: Organisation['status'] = 'active') {
    const parent = parentId ? this.byId.get(parentId)! : undefined;
    this.byId.set(id, { id, name: id, kind, parentId, path: `${parent?.path ?? ''}${id}/`, status, autoApprove: false, memberCount: 0, childCount: 0, createdAt: '' });
    return this;
  }

  /** The first half of a move: the root re-parented at once, its descendants untouched. */
  reParent(id: string, newParentId: string) {
    const organisation = this.byId.get(id)!;
    const oldPath = organisation.path;
    const newPath = `${this.byId.get(newParentId)!.path}${id}/`;
    this.byId.set(id, { ...organisation, parentId: newParentId, path: newPath, movingFrom: oldPath });
    return { oldPath, newPath };
  }

  /** The background half, for one descendant. */
  rePath(id: string, move: { oldPath: string; newPath: string }) {
    const organisation = this.byId.get(id)!;
    if (organisation.path.startsWith(move.oldPath)) this.byId.set(id, { ...organisation, path: move.newPath + organisation.path.slice(move.oldPath.length) });
  }

  async get(id: string) {
    this.roundTrips++;
    this.keysRead++;
    return this.byId.get(id);
  }

  async getMany(ids: string[]) {
    this.roundTrips++;
    this.keysRead += new Set(ids).size;
    return [...new Set(ids)].flatMap((id) => (this.byId.has(id) ? [this.byId.get(id)!] : []));
  }
}

/** gd → gz, sz (cities) → gz-c (county) → gz-t (town) → u (grassroots); sz → sz-c (county). */
function demo() {
  return new FakeTree().add('gd', undefined, 'province').add('gz', 'gd', 'city').add('sz', 'gd', 'city').add('gz-c', 'gz').add('gz-t', 'gz-c', 'town').add('u', 'gz-t', 'grassroots').add('sz-c', 'sz');
}

/** A record made before any move keeps this copy of its union's path. */
const recordPath = 'gd/gz/gz-c/gz-t/u/';

describe('scope as the tree is now', () => {
  it('decides in one round trip when nothing has moved, whatever the depth', async () => {
    const tree = demo();
    expect(await administersUnion(admin('gz'), 'u', tree, recordPath)).toBe(true);
    expect(tree.roundTrips).toBe(1);
    tree.roundTrips = 0;
    expect(await administersUnion(admin('sz'), 'u', tree, recordPath)).toBe(false);
    expect(tree.roundTrips).toBe(1);
    expect(await administersUnion(admin('gz-t'), 'u', tree, recordPath)).toBe(true);
    expect(await administersUnion(admin('u'), 'u', tree, recordPath)).toBe(true);
    expect(await administersUnion(admin('gd'), 'u', tree, recordPath)).toBe(true);
  });

  it('needs no read at all for an operator, and refuses a caller with no grant without one', async () => {
    const tree = demo();
    expect(await administersUnion(operator, 'u', tree, recordPath)).toBe(true);
    expect(await administersUnion({ userId: 'm', grants: [] }, 'u', tree, recordPath)).toBe(false);
    expect(tree.roundTrips).toBe(0);
  });

  it('follows a move at once: the moved root re-parented, nothing below it re-pathed yet', async () => {
    const tree = demo();
    tree.reParent('gz-c', 'sz');
    expect(tree.byId.get('u')!.path).toBe(recordPath); // stale until the background half runs
    expect(await administersUnion(admin('gz'), 'u', tree, recordPath)).toBe(false);
    expect(await administersUnion(admin('sz'), 'u', tree, recordPath)).toBe(true);
    expect(await administersUnion(admin('gz-t'), 'u', tree, recordPath)).toBe(true); // moved with it
    expect(await currentPathOf('u', tree, recordPath)).toBe('gd/sz/gz-c/gz-t/u/');
    tree.roundTrips = 0;
    expect(await administersUnion(admin('sz'), 'u', tree, recordPath)).toBe(true);
    expect(tree.roundTrips).toBeLessThanOrEqual(2);
  });

  it('stays right while the background half has re-pathed some descendants and not others', async () => {
    const tree = demo();
    const move = tree.reParent('gz-c', 'sz');
    tree.rePath('gz-t', move); // the town follows; its union not yet
    expect(await currentPathOf('u', tree, recordPath)).toBe('gd/sz/gz-c/gz-t/u/');
    expect(await administersUnion(admin('gz'), 'u', tree, recordPath)).toBe(false);
    expect(await administersUnion(admin('sz'), 'u', tree, recordPath)).toBe(true);
    tree.rePath('u', move);
    tree.byId.set('gz-c', { ...tree.byId.get('gz-c')!, movingFrom: undefined });
    // After the move: the record's copy is stale for good; its union's own path is current.
    for (const hint of [recordPath, undefined]) {
      expect(await administersUnion(admin('gz'), 'u', tree, hint)).toBe(false);
      expect(await administersUnion(admin('sz'), 'u', tree, hint)).toBe(true);
    }
  });

  it('follows a second move of an ancestor made before the first had finished', async () => {
    const tree = demo().add('gz-c2', 'gz').add('zh', 'gd', 'city');
    const first = tree.reParent('gz-t', 'gz-c2'); // the town moves to another county of gz
    tree.rePath('u', first);
    tree.reParent('gz-c2', 'zh'); // then that county moves to another city, before anything follows
    expect(tree.byId.get('u')!.path).toBe('gd/gz/gz-c2/gz-t/u/');
    expect(tree.byId.get('gz-t')!.path).toBe('gd/gz/gz-c2/gz-t/');
    expect(await currentPathOf('u', tree, recordPath)).toBe('gd/zh/gz-c2/gz-t/u/');
    expect(await administersUnion(admin('gz'), 'u', tree, recordPath)).toBe(false);
    expect(await administersUnion(admin('gz-c'), 'u', tree, recordPath)).toBe(false);
    expect(await administersUnion(admin('zh'), 'u', tree, recordPath)).toBe(true);
  });

  it('gives a grant on a closed organisation no power, wherever the union sits', async () => {
    const tree = demo().add('closed', 'gd', 'city', 'closed').add('cc', 'closed');
    expect(await administersUnion(admin('closed'), 'cc', tree, 'gd/closed/cc/')).toBe(false);
    expect(await administersUnion(admin('gd'), 'cc', tree, 'gd/closed/cc/')).toBe(true);
  });

  it('answers no for a union that does not exist, or a broken chain, without looping', async () => {
    const tree = demo();
    expect(await administersUnion(admin('gz'), 'nowhere', tree, 'gd/gz/nowhere/')).toBe(false);
    tree.byId.set('gz-c', { ...tree.byId.get('gz-c')!, parentId: 'u' }); // a cycle, which a write never makes
    expect(await ancestryOf('u', tree)).toBeUndefined();
    expect(await administersUnion(admin('gz'), 'u', tree, recordPath)).toBe(false);
    tree.byId.set('gz-c', { ...tree.byId.get('gz-c')!, parentId: 'gone' });
    expect(await administersUnion(admin('gz'), 'u', tree, recordPath)).toBe(false);
    expect(await administersUnion(operator, 'nowhere', tree)).toBe(true); // an operator's reach needs no read; the record's own lookup says whether it exists
  });

  it('reads a union chain once for a page of decisions', async () => {
    const tree = demo().add('u2', 'gz-t', 'grassroots');
    const page = readOnce(tree);
    for (const union of ['u', 'u2', 'u', 'u2']) expect(await administersUnion(admin('gz'), union, page, `gd/gz/gz-c/gz-t/${union}/`)).toBe(true);
    expect(tree.roundTrips).toBe(2); // the first union with its chain; the second union alone
  });

  it('answers the current path for organisation routes, or NOT_IN_SCOPE', async () => {
    const tree = demo();
    tree.reParent('gz-c', 'sz');
    const town = tree.byId.get('gz-t')!;
    expect(await currentPathInScope(admin('sz'), town, tree)).toBe('gd/sz/gz-c/gz-t/');
    expect(await currentPathInScope(operator, town, tree)).toBe('gd/sz/gz-c/gz-t/');
    await expect(currentPathInScope(admin('gz'), town, tree)).rejects.toMatchObject({ code: 'NOT_IN_SCOPE' });
  });
});

describe('members of a subtree during a move', () => {
  const move = { organisationId: 'gz-c', oldPath: 'gd/gz/gz-c/', newPath: 'gd/sz/gz-c/' };

  it('reads the old prefix first inside a moving subtree', () => {
    expect(memberSources('gd/sz/gz-c/gz-t/', [move])).toEqual([
      { prefix: 'gd/gz/gz-c/gz-t/', excluding: [] },
      { prefix: 'gd/sz/gz-c/gz-t/', excluding: [] },
    ]);
  });

  it('reads where a subtree came from for the subtree that received it, and leaves it out of the one it left', () => {
    expect(memberSources('gd/sz/', [move])).toEqual([
      { prefix: 'gd/gz/gz-c/', excluding: [] },
      { prefix: 'gd/sz/', excluding: [] },
    ]);
    expect(memberSources('gd/gz/', [move])).toEqual([{ prefix: 'gd/gz/', excluding: ['gd/gz/gz-c/'] }]);
  });

  it('reads one prefix when no move concerns the subtree', () => {
    expect(memberSources('gd/zh/', [move])).toEqual([{ prefix: 'gd/zh/', excluding: [] }]);
    expect(memberSources('gd/gz/other/', [])).toEqual([{ prefix: 'gd/gz/other/', excluding: [] }]);
    // A move within the subtree changes nothing for it.
    expect(memberSources('gd/', [move])).toEqual([{ prefix: 'gd/', excluding: [] }]);
  });
});
