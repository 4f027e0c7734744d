/**
 * Belonging to a union: join (pending until approved, or at once where the union auto-approves),
 * transfer with history kept, leave, and the admin's decision on requests. A member belongs to
 * one union at a time; every change is guarded by the state it was decided on.
 */
import type { Account, MemberProfile } from '../accounts/account';
import { OrganisationClosed, OrganisationNotFound } from '../organisations/errors';
import { depthOf, memberKinds, type Organisation } from '../organisations/organisation';
import type { MoveInFlight, OrganisationStore } from '../organisations/organisation-store';
import { assertAdministers, currentPathInScope } from '../organisations/scope';
import { decodeCursor, encodeCursor, everyPage, type Page, readAcross } from '../pagination';
import { AlreadyAMember, NotAMember, NotAMemberUnion, NotRegistered, RequestNotFound, RequestPending } from './errors';
import type { HistoryEntry, MemberSummary, MembershipStore } from './membership-store';

export interface MembershipDependencies {
  members: MembershipStore;
  orgs: OrganisationStore;
}

function registered(caller: Account): MemberProfile {
  if (!caller.member) throw new NotRegistered();
  return caller.member;
}

async function joinableUnion(orgs: OrganisationStore, id: string): Promise<Organisation> {
  const union = await orgs.get(id);
  if (!union) throw new OrganisationNotFound(id);
  if (union.status !== 'active') throw new OrganisationClosed(id);
  if (!memberKinds.includes(union.kind)) throw new NotAMemberUnion(union.kind);
  return union;
}

/**
 * Join a union, or transfer to another.
 *
 * Primary course:
 *  1. The caller must be a registered member without a pending request.
 *  2. The target must be an active grassroots union or industry federation.
 *  3. If it auto-approves: become (or move to) a member at once, counts and history in one write.
 *  4. Otherwise: record the request; the union's admins see it in their queue.
 */
export async function joinUnion(
  { members, orgs }: MembershipDependencies,
  caller: Account,
  organisationId: string,
  kind: 'join' | 'transfer',
  now: Date = new Date(),
): Promise<MemberProfile> {
  const member = registered(caller);
  if (member.request) throw new RequestPending();
  if (kind === 'join' && member.membership) throw new AlreadyAMember();
  if (kind === 'transfer' && !member.membership) throw new NotAMember();
  if (kind === 'transfer' && member.membership?.organisationId === organisationId) throw new AlreadyAMember();
  const union = await joinableUnion(orgs, organisationId);
  const at = now.toISOString();
  const from = member.membership?.organisationId;
  if (union.autoApprove) {
    await members.activate(member, union, {
      at,
      event: kind === 'transfer' ? 'transferred' : 'joined',
      organisationId: union.id,
      fromOrganisationId: from,
      by: caller.userId,
      reason: 'approved automatically',
    });
    return { ...member, membership: { organisationId: union.id, orgPath: union.path, since: at } };
  }
  await members.request(member, union, kind, { at, event: 'requested', organisationId: union.id, fromOrganisationId: from, by: caller.userId });
  return { ...member, request: { kind, organisationId: union.id, requestedAt: at } };
}

/** The member withdraws her pending request. */
export async function withdrawRequest({ members }: MembershipDependencies, caller: Account, now: Date = new Date()) {
  const member = registered(caller);
  if (!member.request) throw new RequestNotFound();
  await members.dropRequest(member, { at: now.toISOString(), event: 'withdrew', organisationId: member.request.organisationId, by: caller.userId });
  return { ...member, request: undefined };
}

export async function leaveUnion({ members }: MembershipDependencies, caller: Account, now: Date = new Date()) {
  const member = registered(caller);
  if (!member.membership) throw new NotAMember();
  await members.leave(member, { at: now.toISOString(), event: 'left', organisationId: member.membership.organisationId, by: caller.userId });
  return { ...member, membership: undefined };
}

/**
 * An admin of the target union's subtree approves or rejects a pending request.
 *
 * Primary course:
 *  1. Load the union (in the caller's scope) and the member; the request must be for this union.
 *  2. Approve: activate (transfer moves the member and both counts at once). Reject: drop the
 *     request, with the reason in the member's history.
 */
export async function decideRequest(
  { members, orgs }: MembershipDependencies,
  caller: Account,
  organisationId: string,
  userId: string,
  decision: { approve: boolean; reason?: string },
  now: Date = new Date(),
) {
  const union = await orgs.get(organisationId);
  if (!union) throw new OrganisationNotFound(organisationId);
  await assertAdministers(caller, union, orgs);
  const member = await members.profile(userId);
  if (!member?.request || member.request.organisationId !== organisationId) throw new RequestNotFound();
  const entry: HistoryEntry = {
    at: now.toISOString(),
    event: decision.approve ? (member.request.kind === 'transfer' ? 'transferred' : 'joined') : 'rejected',
    organisationId,
    fromOrganisationId: member.membership?.organisationId,
    by: caller.userId,
    reason: decision.reason,
  };
  if (decision.approve) {
    if (union.status !== 'active') throw new OrganisationClosed(organisationId);
    await members.activate(member, union, entry);
  } else {
    await members.dropRequest(member, entry);
  }
  return { userId, organisationId, decision: decision.approve ? 'approved' : 'rejected', at: entry.at };
}

export async function membershipOf({ members }: MembershipDependencies, caller: Account) {
  const member = registered(caller);
  return {
    membership: member.membership && { organisationId: member.membership.organisationId, since: member.membership.since },
    request: member.request,
    history: await members.history(caller.userId),
  };
}

/**
 * Active members of an organisation's whole subtree, page by page. Members are indexed per city,
 * so a city or anything under it is one index query; the province walks its cities in order.
 *
 * The subtree is the one the tree has now. While a move's background half is still re-pathing
 * members, some of them are indexed under the old path: a subtree inside (or receiving) a moving
 * one also reads the old prefix, first, and one that a moving subtree left leaves it out. Reading
 * the old prefix before the new one misses nobody (a member only ever goes from old to new); one
 * re-pathed in between two pages can be listed twice.
 */
export async function listMembers(
  { members, orgs }: MembershipDependencies,
  caller: Account,
  organisationId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<MemberSummary>> {
  const organisation = await orgs.get(organisationId);
  if (!organisation) throw new OrganisationNotFound(organisationId);
  const path = await currentPathInScope(caller, organisation, orgs);
  if (depthOf(path) > 1) return membersOfSubtree(members, path, await orgs.movesInFlight(), page);

  const cities = await allChildren(orgs, organisation.id);
  const position = (decodeCursor(page.cursor) as { city?: number; inner?: string } | undefined) ?? {};
  let city = position.city ?? 0;
  let inner = position.inner;
  const items: MemberSummary[] = [];
  while (city < cities.length && items.length < page.limit) {
    const result = await members.membersUnder(cities[city]!.path, { limit: page.limit - items.length, cursor: inner });
    items.push(...result.items);
    if (result.cursor) inner = result.cursor;
    else {
      city++;
      inner = undefined;
    }
  }
  return { items, cursor: city < cities.length ? encodeCursor({ city, inner }) : undefined };
}

/** The index prefixes that hold the members of the subtree at `path` while `moves` are in flight, in reading order. */
export function memberSources(path: string, moves: MoveInFlight[]): { prefix: string; excluding: string[] }[] {
  const before: { prefix: string; excluding: string[] }[] = [];
  const excluding: string[] = [];
  for (const move of moves) {
    // Inside a moving subtree: members not yet re-pathed sit under its old twin.
    if (path.startsWith(move.newPath)) before.push({ prefix: move.oldPath + path.slice(move.newPath.length), excluding: [] });
    // A subtree moved in: its members not yet re-pathed sit under where it came from.
    else if (move.newPath.startsWith(path) && !move.oldPath.startsWith(path)) before.push({ prefix: move.oldPath, excluding: [] });
    // A subtree moved out: its members not yet re-pathed are no longer ours.
    if (move.oldPath.startsWith(path) && !move.newPath.startsWith(path)) excluding.push(move.oldPath);
  }
  return [...before, { prefix: path, excluding }];
}

async function membersOfSubtree(members: MembershipStore, path: string, moves: MoveInFlight[], page: { limit: number; cursor?: string }): Promise<Page<MemberSummary>> {
  const sources = memberSources(path, moves);
  const position = (decodeCursor(page.cursor) as { prefix?: string; inner?: string } | undefined) ?? {};
  // A source gone since the last page (its move finished) has handed its members to the subtree's own prefix.
  let index = position.prefix === undefined ? 0 : sources.findIndex((source) => source.prefix === position.prefix);
  let inner = index >= 0 ? position.inner : undefined;
  if (index < 0) index = sources.length - 1;
  const { items, next } = await readAcross(
    sources,
    { index, inner },
    page.limit,
    (source, sourcePage) => members.membersUnder(source.prefix, sourcePage, source.excluding),
    (item) => item.userId,
  );
  return { items, cursor: next ? encodeCursor({ prefix: next.source.prefix, inner: next.inner }) : undefined };
}

async function allChildren(orgs: OrganisationStore, parentId: string): Promise<Organisation[]> {
  const children = await everyPage((page) => orgs.children(parentId, page));
  return children.sort((a, b) => a.id.localeCompare(b.id));
}

export async function listRequests(
  { members, orgs }: MembershipDependencies,
  caller: Account,
  organisationId: string,
  page: { limit: number; cursor?: string },
) {
  const organisation = await orgs.get(organisationId);
  if (!organisation) throw new OrganisationNotFound(organisationId);
  await assertAdministers(caller, organisation, orgs);
  return members.requestsFor(organisationId, page);
}

