/** The port through which admin appointments reach storage. */
import type { Page } from '../pagination';

/** An admin of a union, as its roster shows them. */
export interface UnionAdmin {
  organisationId: string;
  userId: string;
  /** The appointee's name when appointed (a member's profile name). */
  name?: string;
  appointedAt: string;
  appointedBy: string;
}

/** One change of a union's admins: who did what to whom, when. */
export interface AdminChange {
  organisationId: string;
  at: string;
  by: string;
  event: 'appointed' | 'removed';
  userId: string;
}

export interface AdminStore {
  /** The name of a registered user (one with a member profile), or undefined when there is none. */
  registeredName(userId: string): Promise<string | undefined>;
  /**
   * In one transaction: the admin grant on the appointee's account (the request path reads it on
   * every request), the union's roster entry and the change record; throws `AlreadyAdmin` if the
   * grant exists, `OrganisationClosed` if the union closed meanwhile.
   */
  appoint(admin: UnionAdmin, change: AdminChange): Promise<void>;
  /** In one transaction: the grant and the roster entry go, the change is recorded; `AdminNotFound` if there was no grant. */
  remove(organisationId: string, userId: string, change: AdminChange): Promise<void>;
  admins(organisationId: string, page: { limit: number; cursor?: string }): Promise<Page<UnionAdmin>>;
  /** The union's admin changes, newest first. */
  changes(organisationId: string, page: { limit: number; cursor?: string }): Promise<Page<AdminChange>>;
}
