/**
 * The dashboard's aggregator: applies stream records of the source tables to the counted tree, each
 * record exactly once, to its organisation and every ancestor; and follows subtree moves. Plain
 * TypeScript behind the `DashboardStore` port (unit-tested with an in-memory store).
 */
import { addSummary, changesAlong, deltasOf, emptySummary, moveChanges, type ChainNode, type Summary } from './figures';
import type { ChangeRecord, CountedNode, DashboardStore, NodeWrite } from './dashboard-store';

/** A transaction holds at most 100 items: markers plus nodes. */
const MAX_ITEMS = 100;
/** And at most 4 MB; nodes carry their months, so keep well below. */
const MAX_BYTES = 3_000_000;
/** Deeper than any tree (six levels, room for a root federation): a longer walk is a cycle. */
const MAX_DEPTH = 16;
const MAX_ATTEMPTS = 25;

export class DashboardBusy extends Error {
  constructor(what: string) {
    super(`The dashboard's counted tree kept changing while ${what}; the batch is retried.`);
    this.name = 'DashboardBusy';
  }
}

/** A record's changes by organisation. */
interface Unit {
  eventId: string;
  changes: Map<string, Summary>;
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(500, 5 * 2 ** attempt) * (0.5 + Math.random())));

/**
 * Applies a batch of stream records:
 *  1. each record's change by owner (what the item counts after it, less before), owners that are
 *     not organisations looked up (a campaign's audience, a payout's claim or application);
 *  2. organisations whose parent changed (or that are new) are reconciled with the tree: a moved
 *     subtree's figures leave its old ancestors and join the new ones;
 *  3. the records' changes are written in as few transactions as fit, each with every node of the
 *     changed organisations' chains at the version read and a marker per record (absent before):
 *     a record whose marker exists was applied already and is dropped; a node that moved on is
 *     read again.
 */
export async function applyRecords(store: DashboardStore, records: ChangeRecord[], now: () => Date = () => new Date()): Promise<{ applied: number; alreadyApplied: number; moves: number }> {
  // 1. changes by organisation
  const owners = new Map<string, string | undefined>();
  const units: Unit[] = [];
  const moved = new Set<string>();
  const seen = new Set<string>();
  for (const record of records) {
    // One marker per record in a transaction: a record twice in a batch is one record.
    if (seen.has(record.eventId)) continue;
    seen.add(record.eventId);
    if (record.table === 'organisations' && isOrganisation(record.after) && (record.before?.parentId !== record.after?.parentId || !record.before)) {
      moved.add(String(record.after!.id));
    }
    const changes = new Map<string, Summary>();
    for (const delta of deltasOf(record.table, record.before as never, record.after as never)) {
      let organisationId: string | undefined;
      if ('organisationId' in delta.owner) organisationId = delta.owner.organisationId;
      else {
        const key = JSON.stringify(delta.owner);
        if (!owners.has(key)) owners.set(key, await store.ownerOf(delta.owner));
        organisationId = owners.get(key);
      }
      if (!organisationId) continue; // a record of nothing we count under a union (an unknown campaign)
      changes.set(organisationId, addSummary(changes.get(organisationId) ?? emptySummary(), delta.change));
    }
    if (changes.size > 0) units.push({ eventId: record.eventId, changes });
  }

  // 2. moves
  for (const id of moved) await reconcile(store, id, now);

  // 3. changes, a transaction at a time
  let applied = 0;
  let alreadyApplied = 0;
  let pending = units;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= MAX_ATTEMPTS) throw new DashboardBusy(`applying ${pending.length} records`);
    const tree = new TreeReader(store);
    const chunk: Unit[] = [];
    const nodes = new Map<string, CountedNode>();
    let bytes = 0;
    for (const unit of pending) {
      const chains = await Promise.all([...unit.changes.keys()].map((id) => tree.chain(id)));
      const extra = chains.flat().filter((node) => !nodes.has(node.organisationId));
      const unique = [...new Map(extra.map((node) => [node.organisationId, node])).values()];
      const extraBytes = unique.reduce((sum, node) => sum + sizeOf(node), 0);
      if (chunk.length > 0 && (chunk.length + 1 + nodes.size + unique.length > MAX_ITEMS || bytes + extraBytes > MAX_BYTES)) break;
      chunk.push(unit);
      for (const node of unique) nodes.set(node.organisationId, node);
      bytes += extraBytes;
    }
    const next = new Map<string, Summary>();
    for (const unit of chunk) {
      for (const [organisationId, change] of unit.changes) {
        const chain = await tree.chain(organisationId);
        changesAlong(chain.map(asChainNode), change).forEach((seen, i) => {
          const node = chain[i]!;
          next.set(node.organisationId, addSummary(next.get(node.organisationId) ?? structuredClone(node.summary), seen));
        });
      }
    }
    const writes: NodeWrite[] = [...next].map(([id, summary]) => ({ read: nodes.get(id)!, summary }));
    const outcome = await store.apply(writes, chunk.map((unit) => unit.eventId), now());
    if (outcome.kind === 'done') {
      applied += chunk.length;
      pending = pending.slice(chunk.length);
      attempt = -1;
    } else if (outcome.kind === 'already-applied') {
      const done = new Set(outcome.eventIds);
      alreadyApplied += done.size;
      pending = pending.filter((unit) => !done.has(unit.eventId));
    } else {
      await pause(attempt);
    }
  }
  return { applied, alreadyApplied, moves: moved.size };
}

const isOrganisation = (item: Record<string, unknown> | undefined) => !!item && String(item.pk).startsWith('ORG#') && item.sk === 'ORG';
const asChainNode = (node: CountedNode): ChainNode => ({ organisationId: node.organisationId, kind: node.kind });
const sizeOf = (node: CountedNode) => JSON.stringify(node.summary).length + 200;

/** Reads chains of counted nodes, each node once, creating those never counted from the organisations table. */
class TreeReader {
  private readonly known = new Map<string, CountedNode>();
  constructor(private readonly store: DashboardStore) {}

  async node(id: string): Promise<CountedNode> {
    const known = this.known.get(id);
    if (known) return known;
    let node = (await this.store.nodes([id])).get(id);
    if (!node) {
      // Never counted: it joins the counted tree where the organisations table puts it now.
      const organisation = (await this.store.organisations([id])).get(id);
      await this.store.createNode({ organisationId: id, kind: organisation?.kind, countedParent: organisation?.parentId ?? null, version: 0, summary: emptySummary() });
      node = (await this.store.nodes([id])).get(id)!;
    }
    this.known.set(id, node);
    return node;
  }

  /** The node and its counted ancestors, up to the root; undefined when the walk meets `avoid` or loops. */
  async chain(id: string, avoid?: string): Promise<CountedNode[]> {
    const chain: CountedNode[] = [];
    for (let current: string | null = id; current; ) {
      if (current === avoid || chain.length > MAX_DEPTH || chain.some((node) => node.organisationId === current)) throw new LoopFound(current);
      const node: CountedNode = await this.node(current);
      chain.push(node);
      current = node.countedParent;
    }
    return chain;
  }
}

class LoopFound extends Error {
  constructor(readonly at: string) {
    super(`The counted tree loops at ${at}`);
  }
}

/**
 * Brings an organisation's counted parent in line with the organisations table, moving its
 * subtree's figures: off its old ancestors, onto its new ones, in one transaction conditional on
 * every node's version (so a change counted meanwhile makes it read again). A new parent whose own
 * chain passes through the moved node (its own move is not applied yet) is reconciled first.
 */
export async function reconcile(store: DashboardStore, organisationId: string, now: () => Date = () => new Date(), depth = 0): Promise<'moved' | 'in-place'> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const organisation = (await store.organisations([organisationId])).get(organisationId);
    if (!organisation) return 'in-place';
    const tree = new TreeReader(store);
    const node = await tree.node(organisationId);
    const parent = organisation.parentId ?? null;
    if (node.countedParent === parent) return 'in-place';
    let to: CountedNode[];
    try {
      to = parent ? await tree.chain(parent, organisationId) : [];
    } catch (error) {
      if (!(error instanceof LoopFound) || depth > MAX_DEPTH) throw error;
      // The new parent still counts under the moved node: apply the moves on its way first.
      const stale = new TreeReader(store);
      for (let id: string | null = parent; id && id !== organisationId; id = (await stale.node(id)).countedParent) {
        await reconcile(store, id, now, depth + 1);
      }
      continue;
    }
    const from = node.countedParent ? await tree.chain(node.countedParent) : [];
    const changes = moveChanges(node.summary, from.map(asChainNode), to.map(asChainNode));
    const byId = new Map([...from, ...to].map((n) => [n.organisationId, n]));
    const writes: NodeWrite[] = [
      { read: node, summary: node.summary, countedParent: parent },
      ...[...changes].map(([id, change]) => ({ read: byId.get(id)!, summary: addSummary(structuredClone(byId.get(id)!.summary), change) })),
    ];
    const outcome = await store.apply(writes, [], now());
    if (outcome.kind === 'done') return 'moved';
    await pause(attempt);
  }
  throw new DashboardBusy(`moving ${organisationId}`);
}
