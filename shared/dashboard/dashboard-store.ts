/** The port through which the dashboard's rules reach storage: its counted tree, markers and look-ups. */
import type { OrganisationKind } from '../organisations/organisation';
import type { OwnerRef, SourceTable, Summary } from './figures';

/**
 * An organisation as the dashboard counts it: its whole subtree's figures, the parent they are
 * counted under (which trails the organisations table's `parentId` until the move is applied), and
 * a version every write bumps (so a write made on a stale read is refused).
 */
export interface CountedNode {
  organisationId: string;
  kind?: OrganisationKind;
  /** null at the root. */
  countedParent: string | null;
  version: number;
  summary: Summary;
  updatedAt?: string;
}

/** An organisation as the organisations table says it is now. */
export interface CurrentOrganisation {
  id: string;
  kind: OrganisationKind;
  parentId?: string;
}

/** A node's new state, written only if it is still at the version read. */
export interface NodeWrite {
  read: CountedNode;
  summary: Summary;
  countedParent?: string | null;
}

export type ApplyOutcome =
  | { kind: 'done' }
  /** These markers exist: their records were applied before (a redelivery). Nothing was written. */
  | { kind: 'already-applied'; eventIds: string[] }
  /** A node moved on since it was read (another change, a move). Nothing was written. */
  | { kind: 'changed' };

export interface DashboardStore {
  /** Consistent reads of counted nodes; absent ones are left out. */
  nodes(ids: string[]): Promise<Map<string, CountedNode>>;
  /** Puts a node with no figures unless one exists. */
  createNode(node: CountedNode): Promise<void>;
  /** The organisations as they are now (consistent). */
  organisations(ids: string[]): Promise<Map<string, CurrentOrganisation>>;
  /** The union a record belongs to (a campaign's audience, a payout's claim or application); undefined if unknown. */
  ownerOf(owner: Exclude<OwnerRef, { organisationId: string }>): Promise<string | undefined>;
  /**
   * One transaction: every node written at the version read (bumped), and a marker per record put
   * only if absent (kept a few days beyond the stream's retention).
   */
  apply(writes: NodeWrite[], markers: string[], at: Date): Promise<ApplyOutcome>;
}

/** A stream record as the rules need it: which table, the item before and after. */
export interface ChangeRecord {
  eventId: string;
  table: SourceTable;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** Figures of a subtree as a reader gets them. */
export interface SubtreeFigures {
  summary: Summary;
  version: number;
  updatedAt?: string;
}

export interface DashboardReader {
  /** The counted node of an organisation, or undefined when nothing was ever counted for it. */
  figuresOf(organisationId: string): Promise<SubtreeFigures | undefined>;
}

/** What the rebuild needs: every item of the source tables, and the counted tree to overwrite. */
export interface RebuildSource {
  /** Calls `visit` with every item of a table (any order, pages at a time). */
  scan(table: SourceTable, visit: (items: Record<string, unknown>[]) => void): Promise<void>;
  /** Overwrites a node's figures and parent (version + 1), whatever it held. */
  overwrite(node: Omit<CountedNode, 'version'>, at: Date): Promise<void>;
  /** Every counted node's id (to zero those no organisation has any more). */
  nodeIds(): Promise<string[]>;
}
