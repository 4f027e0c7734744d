/**
 * The access log a member can read: every time an admin or an operator is shown someone else's
 * personal data (a member list, a join request, a claim, a subsidy application, an activity's
 * roster), one record per member shown is written under that member — who read (the reader's sub,
 * as what, and the unions she administers), when, and what she was shown (the route and a short
 * description such as "claim C123, document D1"). The record never copies the data itself.
 *
 * Primary course of a logged read:
 *  1. The route reads what it answers (its own rules decide whether the caller may).
 *  2. The members it shows, less the caller herself (her own data is no one else's read), each get
 *     a record, all written before the answer leaves: a read that cannot be logged fails (500) and
 *     shows nothing, so no read goes unrecorded.
 *  3. The answer.
 * Records expire a year after the read (TTL): the member sees a year of reads.
 */
import { randomUUID } from 'node:crypto';
import { administeredOrganisations, rolesOf, type Account } from '../accounts/account';
import type { AccessLogStore, AccessRecord } from './access-log-store';

/** What a route showed: the route and, in words, what of it. */
export interface ReadOf {
  route: string;
  what: string;
}

/** How long a member can see a read: a year. */
export const ACCESS_RECORD_DAYS = 365;

const readerRole = (caller: Account): AccessRecord['as'] => {
  const roles = rolesOf(caller);
  return roles.includes('operator') ? 'operator' : roles.includes('admin') ? 'admin' : 'member';
};

/**
 * Logs that `caller` was shown the personal data of `subjects` (member subs, repeats allowed) by
 * `read`: one record per member other than the caller, all written before this resolves.
 */
export async function logReads(log: AccessLogStore, caller: Account, subjects: Iterable<string>, read: ReadOf, now: Date = new Date()): Promise<void> {
  const others = new Set([...subjects].filter((subject) => subject !== caller.userId));
  if (others.size === 0) return;
  const at = now.toISOString();
  const as = readerRole(caller);
  const byUnions = administeredOrganisations(caller);
  await log.record(
    [...others].map((userId) => ({ userId, at, accessId: randomUUID(), by: caller.userId, as, byUnions, route: read.route, what: read.what })),
  );
}

/** The caller's own access log: who read her data, newest first. */
export const myAccessLog = (log: AccessLogStore, caller: Account, page: { limit: number; cursor?: string }) => log.records(caller.userId, page);

/** A route's key as the log names it: `GET /organisations/{orgId}/members`. */
export const routeKeyOf = (definition: { trigger: { method: string; path: string } }) => `${definition.trigger.method} ${definition.trigger.path}`;
