/** The port through which the organisation rules reach storage. */
import type { Industry } from '../accounts/schemas';
import type { Page } from '../pagination';
import type { Organisation } from './organisation';

export interface OrganisationReader {
  get(id: string): Promise<Organisation | undefined>;
  getMany(ids: string[]): Promise<Organisation[]>;
}

/** A move whose background half has not finished: members under `oldPath` may not have followed yet. */
export interface MoveInFlight {
  organisationId: string;
  oldPath: string;
  newPath: string;
}

export interface OrganisationStore extends OrganisationReader {
  children(parentId: string, page: { limit: number; cursor?: string }): Promise<Page<Organisation>>;
  /** Creates the root of the tree (the province federation); bootstrap only. */
  createRoot(organisation: Organisation): Promise<void>;
  /** Creates under an active parent (conditionally), counting it in the parent's children. */
  create(organisation: Organisation): Promise<void>;
  /**
   * Creates a city/county/town's industry federation, unless one for that industry exists:
   * returns the id of the one that exists afterwards.
   */
  createFederation(federation: Organisation): Promise<string>;
  federationOf(parentId: string, industry: Industry): Promise<string | undefined>;
  update(id: string, changes: Partial<Pick<Organisation, 'name' | 'autoApprove' | 'federationsOnDemand'>>, at: string): Promise<Organisation>;
  /** Closes an active organisation that has no active children and no members. */
  close(organisation: Organisation, at: string): Promise<void>;
  /**
   * Re-parents one organisation (its own item) and records the move as in flight; descendants are
   * re-pathed by `rePathSubtree`.
   */
  move(organisation: Organisation, newParent: Organisation, newPath: string, at: string): Promise<void>;
  /** Marks a move finished once its subtree has been re-pathed. */
  finishMove(id: string, oldPath: string): Promise<void>;
  /** Moves re-parented but not yet finished (a handful at most; usually none). */
  movesInFlight(): Promise<MoveInFlight[]>;
  /**
   * Rewrites the paths of every descendant from `oldPath` to `newPath`; safe to run again.
   * Stops at `deadline` (epoch ms) with `done: false` so a later run can carry on.
   */
  rePathDescendants(rootId: string, oldPath: string, newPath: string, deadline: number): Promise<{ moved: number; done: boolean }>;
}
