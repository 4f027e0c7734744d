/** The port through which the access-log rules (access-log.ts) reach storage; DynamoDB beside it. */
import type { Page } from '../pagination';

export interface AccessRecord {
  /** Whose data was read: the record sits under her. */
  userId: string;
  at: string;
  /** Unique per record; orders records of the same instant. */
  accessId: string;
  /** The reader's sign-in subject. */
  by: string;
  /** The role the reader read under. */
  as: 'operator' | 'admin' | 'member';
  /** The unions the reader is an admin of (none for an operator without admin grants). */
  byUnions: string[];
  /** The route that answered, e.g. `GET /organisations/{orgId}/members`. */
  route: string;
  /** What the reader was shown, in words, without the data: "member list of union gz". */
  what: string;
}

export interface AccessLogStore {
  /** Writes the records (any number; the store batches them); throws when any could not be written. */
  record(records: AccessRecord[]): Promise<void>;
  /** The member's records, newest first; a cursor from another list is INVALID_CURSOR. */
  records(userId: string, page: { limit: number; cursor?: string }): Promise<Page<AccessRecord>>;
}
