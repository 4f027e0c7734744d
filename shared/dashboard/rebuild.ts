/**
 * The dashboard's recount: every figure from the tables themselves, for the whole tree. For a stage
 * whose data existed before its streams were switched on, and to repair figures after failed
 * stream batches. It overwrites each counted node with the recount (the same values again on a
 * second run: idempotent). Run it while the aggregator is idle (its event source disabled, or the
 * streams drained): a change counted by the stream during the scan may be counted twice or lost.
 */
import type { OrganisationKind } from '../organisations/organisation';
import type { CurrentOrganisation, DashboardStore, RebuildSource } from './dashboard-store';
import { addSummary, changesAlong, contributionsOf, emptySummary, ownerKey, sourceTables, type ChainNode, type Summary } from './figures';

/**
 * 1. The tree as the organisations table has it now (every organisation's parent and kind).
 * 2. Every item of every source table: what it contributes, to whom (owners that are records
 *    looked up once each).
 * 3. Each organisation's own contributions rise through its ancestors (federations counting gig
 *    workers from where they stand), giving each node its subtree's figures.
 * 4. Each node is overwritten with them and its parent as now; nodes of no organisation are zeroed.
 */
export async function rebuildFigures(
  deps: { source: RebuildSource; store: Pick<DashboardStore, 'ownerOf'> },
  now: Date = new Date(),
): Promise<{ organisations: number; items: number }> {
  const tree = new Map<string, CurrentOrganisation>();
  let items = 0;
  const own = new Map<string, Summary>();
  const pending: { owner: Parameters<DashboardStore['ownerOf']>[0]; month?: string; figures: Summary['totals'] }[] = [];
  for (const table of sourceTables) {
    await deps.source.scan(table, (page) => {
      for (const item of page) {
        if (table === 'organisations' && String(item.pk).startsWith('ORG#') && item.sk === 'ORG') {
          tree.set(String(item.id), { id: String(item.id), kind: item.kind as OrganisationKind, parentId: item.parentId as string | undefined });
        }
        for (const contribution of contributionsOf(table, item)) {
          items++;
          if ('organisationId' in contribution.owner) add(own, contribution.owner.organisationId, contribution);
          else pending.push({ owner: contribution.owner, month: contribution.month, figures: contribution.figures });
        }
      }
    });
  }
  const owners = new Map<string, string | undefined>();
  for (const contribution of pending) {
    const key = ownerKey(contribution.owner);
    if (!owners.has(key)) owners.set(key, await deps.store.ownerOf(contribution.owner as never));
    const organisationId = owners.get(key);
    if (organisationId) add(own, organisationId, contribution);
  }

  const subtree = new Map<string, Summary>();
  for (const [organisationId, change] of own) {
    const chain = chainOf(tree, organisationId);
    changesAlong(chain, change).forEach((seen, i) => {
      const id = chain[i]!.organisationId;
      subtree.set(id, addSummary(subtree.get(id) ?? emptySummary(), seen));
    });
  }
  for (const organisation of tree.values()) {
    await deps.source.overwrite(
      { organisationId: organisation.id, kind: organisation.kind, countedParent: organisation.parentId ?? null, summary: subtree.get(organisation.id) ?? emptySummary() },
      now,
    );
  }
  for (const id of await deps.source.nodeIds()) {
    if (!tree.has(id)) await deps.source.overwrite({ organisationId: id, countedParent: null, summary: emptySummary() }, now);
  }
  return { organisations: tree.size, items };
}

function add(own: Map<string, Summary>, organisationId: string, contribution: { month?: string; figures: Summary['totals'] }) {
  const change: Summary = { totals: contribution.figures, months: contribution.month ? { [contribution.month]: contribution.figures } : {} };
  own.set(organisationId, addSummary(own.get(organisationId) ?? emptySummary(), change));
}

/** An organisation and its ancestors by `parentId` (an unknown one counts alone). */
function chainOf(tree: Map<string, CurrentOrganisation>, organisationId: string): ChainNode[] {
  const chain: ChainNode[] = [];
  const seen = new Set<string>();
  for (let id: string | undefined = organisationId; id && !seen.has(id) && chain.length < 16; id = tree.get(id)?.parentId) {
    seen.add(id);
    chain.push({ organisationId: id, kind: tree.get(id)?.kind });
  }
  return chain;
}
