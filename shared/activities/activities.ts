/**
 * Activities, end to end: an admin creates one for her subtree; members it is for find it, sign
 * up (a seat, or the waiting list when full), cancel, accept or decline an offer, and check in
 * with a signed QR code; admins list and close or cancel; closing and cancelling tell everyone on
 * the lists through their inbox. Capacity is kept by the store's conditional transactions, never
 * by a read here: a read only chooses which write to try.
 */
import { randomUUID } from 'node:crypto';
import { hasAnyRole, type Account } from '../accounts/account';
import { InvalidCursor, ValidationFailed } from '../errors';
import type { Notice } from '../inbox/notice';
import { memberSources } from '../members/membership';
import { OrganisationNotFound } from '../organisations/errors';
import type { OrganisationReader, OrganisationStore } from '../organisations/organisation-store';
import { administersUnion, ancestryOf, currentPathInScope, segmentsOf } from '../organisations/scope';
import { decodeCursor, encodeCursor, mergeSorted, readAcross, type Page } from '../pagination';
import {
  activityProblems,
  audienceRefusal,
  isActive,
  offerDeadline,
  offerOpen,
  offersSeats,
  scanTimeRefusal,
  signUpWindow,
  startKey,
  type Activity,
  type ActivityInput,
  type MemberStanding,
  type SignUp,
  type SignUpStatus,
} from './activity';
import type { ActivityNoticesMessage, ActivityStore, QueueActivityNotices, SeatWrite } from './activity-store';
import type { CheckInCodes } from './check-in-code';
import {
  ActivityCancelled,
  ActivityNotFound,
  ActivityState,
  AlreadyCheckedIn,
  AlreadySignedUp,
  CheckInCodeInvalid,
  CheckInWrongActivity,
  NoOffer,
  NoSeat,
  NotSignedUp,
  OfferLapsed,
  ScanTimeInvalid,
  SignUpClosed,
  SignUpNotOpen,
  SignUpsBusy,
} from './errors';

export interface ActivityDependencies {
  activities: ActivityStore;
  orgs: OrganisationReader;
}

/**
 * Attempts of one contended change before the caller is told to come back in a second. Seats
 * freed at the same instant all go to the first in line, one after the other (each must see
 * the line as the previous left it), so a burst of cancellations takes as many rounds.
 */
const ATTEMPTS = 20;
/** A short, jittered wait before the next attempt, so the ones that collided do not collide again. */
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(150, 4 * 2 ** attempt) + 2));

// ——— Views ———

export const activityView = (activity: Activity) => {
  const { createdBy: _createdBy, organisationPath: _path, ...view } = activity;
  return view;
};

export interface SignUpView {
  activityId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  status: SignUpStatus;
  /** 1 for the first in line. */
  position?: number;
  offerExpiresAt?: string;
  signedUpAt: string;
  checkedInAt?: string;
  activityStatus?: Activity['status'];
}

const signUpView = (signUp: SignUp, position?: number): SignUpView => ({
  activityId: signUp.activityId,
  title: signUp.title,
  startsAt: signUp.startsAt,
  endsAt: signUp.endsAt,
  status: signUp.status,
  ...(position !== undefined && { position }),
  ...(signUp.status === 'offered' && { offerExpiresAt: signUp.offerExpiresAt }),
  signedUpAt: signUp.signedUpAt,
  ...(signUp.checkedInAt && { checkedInAt: signUp.checkedInAt }),
});

async function withPosition(activities: ActivityStore, signUp: SignUp): Promise<SignUpView> {
  if (signUp.status !== 'waiting' || signUp.ticket === undefined) return signUpView(signUp);
  return signUpView(signUp, (await activities.waitingAhead(signUp.activityId, signUp.ticket)) + 1);
}

export const rosterView = (signUp: SignUp) => ({
  userId: signUp.userId,
  name: signUp.name,
  status: signUp.status,
  ...(signUp.ticket !== undefined && { ticket: signUp.ticket }),
  ...(signUp.status === 'offered' && { offerExpiresAt: signUp.offerExpiresAt }),
  signedUpAt: signUp.signedUpAt,
  updatedAt: signUp.updatedAt,
  ...(signUp.checkedInAt && { checkedInAt: signUp.checkedInAt, checkedInBy: signUp.checkedInBy, checkInRecordedAt: signUp.checkInRecordedAt }),
});

// ——— Who sees what ———

/** The member's union and its ancestors as the tree is now (one BatchGet, two after a move). */
async function standingOf(orgs: OrganisationReader, caller: Account): Promise<MemberStanding | undefined> {
  const profile = caller.member;
  if (!profile?.membership) return undefined;
  const chain = await ancestryOf(profile.membership.organisationId, orgs, { prefetch: segmentsOf(profile.membership.orgPath) });
  return chain && { profile, chain };
}

const administers = (deps: ActivityDependencies, caller: Account, activity: Activity) =>
  hasAnyRole(caller, ['admin', 'operator']) && administersUnion(caller, activity.organisationId, deps.orgs, activity.organisationPath);

/** The activity as an admin in scope sees it; anyone else is told it does not exist. */
async function managedActivity(deps: ActivityDependencies, caller: Account, activityId: string): Promise<Activity> {
  const activity = await deps.activities.get(activityId);
  if (!activity || !(await administers(deps, caller, activity))) throw new ActivityNotFound();
  return activity;
}

/** The activity, for a member of its audience; anyone else is told it does not exist. */
async function activityForMember(deps: ActivityDependencies, caller: Account, activityId: string, now: Date): Promise<Activity> {
  const activity = await deps.activities.get(activityId);
  const standing = activity && (await standingOf(deps.orgs, caller));
  if (!activity || !standing || audienceRefusal(activity.audience, standing, now)) throw new ActivityNotFound();
  return activity;
}

/** One activity: for the admins of its organiser, and for the members it is for. */
export async function activityFor(deps: ActivityDependencies, caller: Account, activityId: string, now: Date = new Date()) {
  const activity = await deps.activities.get(activityId);
  if (activity && (await administers(deps, caller, activity))) return activityView(activity);
  return activityView(await activityForMember(deps, caller, activityId, now));
}

// ——— Creating ———

/**
 * An admin creates an activity.
 *
 * Primary course:
 *  1. The organising union exists and the caller administers it (as the tree is now).
 *  2. The audience's union is the organiser or lies in its subtree (default: the organiser).
 *  3. The times make sense (start in the future, end after it, the sign-up window before the
 *     start; by default from now until the start); refused field by field.
 *  4. Stored open, with no seat taken.
 */
export async function createActivity(deps: ActivityDependencies, caller: Account, input: ActivityInput, now: Date = new Date()): Promise<Activity> {
  const organiser = await deps.orgs.get(input.organisationId);
  if (!organiser) throw new OrganisationNotFound(input.organisationId);
  const path = await currentPathInScope(caller, organiser, deps.orgs);
  const audienceId = input.audience?.organisationId ?? organiser.id;
  if (audienceId !== organiser.id) {
    const chain = await ancestryOf(audienceId, deps.orgs, { prefetch: segmentsOf(path) });
    if (!chain) throw new OrganisationNotFound(audienceId);
    if (!chain.some((organisation) => organisation.id === organiser.id)) {
      throw new ValidationFailed([{ field: 'body.audience.organisationId', message: "is not in the organiser's subtree", zh: '不在主办方的管辖范围内' }], 'The activity is not valid.');
    }
  }
  const times = { startsAt: input.startsAt, endsAt: input.endsAt, signUpOpensAt: input.signUpOpensAt ?? now.toISOString(), signUpClosesAt: input.signUpClosesAt ?? input.startsAt };
  const problems = activityProblems(times, now);
  if (problems.length > 0) throw new ValidationFailed(problems, 'The activity is not valid.');
  const activity: Activity = {
    activityId: randomUUID(),
    organisationId: organiser.id,
    organisationPath: path,
    title: input.title,
    description: input.description,
    ...times,
    place: input.place,
    capacity: input.capacity,
    offerHours: input.offerHours,
    audience: {
      organisationId: audienceId,
      industries: input.audience?.industries ?? [],
      verifiedOnly: input.audience?.verifiedOnly ?? false,
      gigWorkersOnly: input.audience?.gigWorkersOnly ?? false,
    },
    status: 'open',
    seatsTaken: 0,
    waiting: 0,
    checkedIn: 0,
    createdBy: caller.userId,
    createdAt: now.toISOString(),
  };
  await deps.activities.create(activity);
  return activity;
}

// ——— Listing ———

/**
 * The activities open to a member, soonest first, page by page — without a scan: activities are
 * indexed under their audience's union and sorted by start, so the member's are those under her
 * union and each union above it (at most seven partitions), merged by start. The cursor is the
 * start key of the last one listed.
 */
export async function activitiesOpenTo(deps: ActivityDependencies, caller: Account, page: { limit: number; cursor?: string }, now: Date = new Date()): Promise<Page<ReturnType<typeof activityView>>> {
  const position = decodeCursor(page.cursor) as { list?: unknown; after?: unknown } | undefined;
  if (position && (position.list !== 'open' || typeof position.after !== 'string')) throw new InvalidCursor();
  const standing = await standingOf(deps.orgs, caller);
  if (!standing) return { items: [] };
  const after = (position?.after as string | undefined) ?? now.toISOString();
  const { items, next } = await mergeSorted(
    standing.chain.map((organisation) => (from: string | undefined, limit: number) => deps.activities.byAudience(organisation.id, from ?? '', limit)),
    startKey,
    { from: after, limit: page.limit, keep: (activity) => activity.status !== 'cancelled' && !audienceRefusal(activity.audience, standing, now) },
  );
  return { items: items.map(activityView), cursor: next ? encodeCursor({ list: 'open', after: next }) : undefined };
}

/**
 * The activities organised anywhere in a union's subtree, for its admins: by the organiser's path
 * as a key prefix (and, while a move is in flight, its old prefixes, as for members).
 */
export async function organisationActivities(
  deps: { activities: ActivityStore; orgs: OrganisationReader & Pick<OrganisationStore, 'movesInFlight'> },
  caller: Account,
  organisationId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<ReturnType<typeof activityView>>> {
  const organisation = await deps.orgs.get(organisationId);
  if (!organisation) throw new OrganisationNotFound(organisationId);
  const path = await currentPathInScope(caller, organisation, deps.orgs);
  const sources = memberSources(path, await deps.orgs.movesInFlight());
  const position = (decodeCursor(page.cursor) as { prefix?: unknown; inner?: unknown } | undefined) ?? {};
  let index = 0;
  let inner: string | undefined;
  if (page.cursor) {
    if (typeof position.prefix !== 'string') throw new InvalidCursor();
    index = sources.findIndex((source) => source.prefix === position.prefix);
    inner = typeof position.inner === 'string' ? position.inner : undefined;
    // A source gone since the last page (its move finished) handed its activities to the subtree's own prefix.
    if (index < 0) [index, inner] = [sources.length - 1, undefined];
  }
  const { items, next } = await readAcross(
    sources,
    { index, inner },
    page.limit,
    (source, sourcePage) => deps.activities.underPath(source.prefix, sourcePage, source.excluding),
    (activity) => activity.activityId,
  );
  return { items: items.map(activityView), cursor: next ? encodeCursor({ prefix: next.source.prefix, ...(next.inner && { inner: next.inner }) }) : undefined };
}

/** An activity's sign-ups in one status (the waiting list in arrival order), for its organiser's admins. */
export async function activityRoster(deps: ActivityDependencies, caller: Account, activityId: string, status: SignUpStatus, page: { limit: number; cursor?: string }) {
  await managedActivity(deps, caller, activityId);
  const found = await deps.activities.roster(activityId, status, page);
  return { items: found.items.map(rosterView), cursor: found.cursor };
}

/** The member's own sign-ups, with where each stands (her place in line, her offer's deadline). */
export async function mySignUps(deps: Pick<ActivityDependencies, 'activities'>, caller: Account, when: 'upcoming' | 'past', page: { limit: number; cursor?: string }, now: Date = new Date()) {
  const found = await deps.activities.byMember(caller.userId, when, now.toISOString(), page);
  const activities = new Map((await deps.activities.getMany([...new Set(found.items.map((s) => s.activityId))])).map((a) => [a.activityId, a]));
  const items = await Promise.all(
    found.items.map(async (signUp) => ({ ...(await withPosition(deps.activities, signUp)), activityStatus: activities.get(signUp.activityId)?.status ?? 'cancelled' })),
  );
  return { items, cursor: found.cursor };
}

// ——— Signing up ———

function refuseUnlessOpen(activity: Activity, now: Date): void {
  if (activity.status === 'cancelled') throw new ActivityCancelled();
  if (activity.status === 'closed') throw new SignUpClosed();
  const window = signUpWindow(activity, now);
  if (window === 'not-open-yet') throw new SignUpNotOpen(activity.signUpOpensAt);
  if (window === 'closed') throw new SignUpClosed();
}

/**
 * A member signs up.
 *
 * Primary course:
 *  1. The activity is for her (else not found), open, and within its sign-up window.
 *  2. She holds no place on it already (an ended place — cancelled, left, declined, lapsed — may
 *     begin again).
 *  3. One transaction takes a seat and writes her sign-up, on the condition that a seat is free
 *     and no one waits for one.
 *  4. Full: she takes the next arrival number and one transaction puts her on the waiting list,
 *     on the condition that there is still no seat for her (else back to 3).
 *  Collisions with other sign-ups at the same instant are tried again; after a dozen, BUSY.
 */
export async function signUpFor(deps: ActivityDependencies, caller: Account, activityId: string, now: Date = new Date()): Promise<SignUpView> {
  const activity = await activityForMember(deps, caller, activityId, now);
  refuseUnlessOpen(activity, now);
  let previous = await deps.activities.signUp(activityId, caller.userId);
  if (previous && isActive(previous.status)) throw new AlreadySignedUp(previous.status);

  const at = now.toISOString();
  const place = (status: 'signed-up' | 'waiting', ticket?: number): SignUp => ({
    activityId,
    userId: caller.userId,
    name: caller.member!.name,
    status,
    ...(ticket !== undefined && { ticket }),
    offerNo: previous?.offerNo ?? 0,
    signedUpAt: at,
    updatedAt: at,
    title: activity.title,
    startsAt: activity.startsAt,
    endsAt: activity.endsAt,
    version: (previous?.version ?? 0) + 1,
  });
  // What was read chooses the first write to try; the writes' conditions decide.
  let tryWaitingList = activity.seatsTaken >= activity.capacity || activity.waiting > 0;
  let ticket: number | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const result: SeatWrite = tryWaitingList
      ? await deps.activities.joinWaitingList(place('waiting', (ticket ??= await deps.activities.nextTicket(activityId))), previous)
      : await deps.activities.takeSeat(place('signed-up'), previous);
    switch (result) {
      case 'done':
        return tryWaitingList ? withPosition(deps.activities, place('waiting', ticket)) : signUpView(place('signed-up'));
      case 'full':
        tryWaitingList = true;
        break;
      case 'seat-free':
        tryWaitingList = false;
        break;
      case 'changed':
        // She signed up in another request at the same instant.
        previous = await deps.activities.signUp(activityId, caller.userId);
        if (previous && isActive(previous.status)) throw new AlreadySignedUp(previous.status);
        break;
      case 'not-open':
        refuseUnlessOpen((await deps.activities.get(activityId)) ?? activity, now);
        throw new SignUpClosed();
      default:
        await pause(attempt);
    }
  }
  throw new SignUpsBusy();
}

// ——— Seats passing on ———

const offerNotice = (activity: Activity, userId: string, offerNo: number, expiresAt: string, at: string): Notice => ({
  userId,
  noticeId: `offer#${activity.activityId}#${userId}#${offerNo}`,
  kind: 'waitlist-offer',
  at,
  facts: { activityId: activity.activityId, title: activity.title, startsAt: activity.startsAt, offerExpiresAt: expiresAt },
});

/**
 * A seat holder's place ends (`to`: cancelled, declined, lapsed). While the activity offers
 * seats, the seat passes at once to the first in line as an offer holding it until its deadline,
 * with her notice, in the same transaction; otherwise it is free again — only if the line is
 * still empty. Answers 'changed' when the place was not as read (the caller reads it again).
 */
async function releaseSeat(activities: ActivityStore, from: SignUp, to: SignUpStatus, now: Date): Promise<'done' | 'changed'> {
  const at = now.toISOString();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const activity = await activities.get(from.activityId);
    if (!activity) throw new ActivityNotFound();
    const offering = offersSeats(activity, now);
    const next = offering ? await activities.firstWaiting(activity.activityId) : undefined;
    let result: SeatWrite;
    if (next) {
      const waiting = await activities.signUp(activity.activityId, next.userId);
      const offerNo = (waiting?.offerNo ?? 0) + 1;
      const expiresAt = offerDeadline(activity, now);
      result = await activities.passSeat(from, to, at, next, { offerNo, expiresAt, notice: offerNotice(activity, next.userId, offerNo, expiresAt, at) });
    } else {
      result = await activities.freeSeat(from, to, at, offering);
    }
    if (result === 'done' || result === 'changed') return result;
    await pause(attempt);
  }
  throw new SignUpsBusy();
}

/**
 * A member cancels her place: a seat (it passes on), an offer (declined: it passes on) or her
 * place in line (she leaves it). A check-in is final.
 */
export async function cancelSignUp(deps: Pick<ActivityDependencies, 'activities'>, caller: Account, activityId: string, now: Date = new Date()): Promise<SignUpView> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const signUp = await deps.activities.signUp(activityId, caller.userId);
    if (!signUp || !isActive(signUp.status)) throw new NotSignedUp();
    if (signUp.status === 'checked-in') throw new AlreadyCheckedIn();
    const to: SignUpStatus = signUp.status === 'waiting' ? 'left' : signUp.status === 'offered' ? 'declined' : 'cancelled';
    const result = signUp.status === 'waiting' ? await deps.activities.leaveWaitingList(signUp, now.toISOString()) : await releaseSeat(deps.activities, signUp, to, now);
    if (result === 'done') return signUpView({ ...signUp, status: to, updatedAt: now.toISOString() });
    if (result !== 'changed') await pause(attempt);
  }
  throw new SignUpsBusy();
}

/**
 * A member answers her offer.
 *
 * Primary course:
 *  1. She holds an offer (an accept repeated after it took answers her seat).
 *  2. Decline: her place ends and the seat passes to the next in line.
 *  3. Accept: the offer becomes her seat — only before its deadline (checked in the write itself).
 *     Past it, the offer lapses here and now (its seat passes on, once, whoever gets there
 *     first: this or the expiry sweep) and she is told OFFER_LAPSED.
 */
export async function decideOffer(deps: Pick<ActivityDependencies, 'activities'>, caller: Account, activityId: string, decision: 'accept' | 'decline', now: Date = new Date()): Promise<SignUpView> {
  const at = now.toISOString();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const signUp = await deps.activities.signUp(activityId, caller.userId);
    if (decision === 'accept' && signUp && (signUp.status === 'signed-up' || signUp.status === 'checked-in')) return signUpView(signUp);
    if (!signUp || signUp.status !== 'offered') {
      if (signUp?.status === 'lapsed') throw new OfferLapsed(signUp.offerExpiresAt ?? signUp.updatedAt);
      throw new NoOffer();
    }
    if (decision === 'decline' || !offerOpen(signUp, now)) {
      // Declined before its deadline; past it, the offer lapsed whatever she answers.
      const to = offerOpen(signUp, now) ? 'declined' : 'lapsed';
      if ((await releaseSeat(deps.activities, signUp, to, now)) === 'changed') continue;
      if (decision === 'accept') throw new OfferLapsed(signUp.offerExpiresAt!);
      return signUpView({ ...signUp, status: to, updatedAt: at });
    }
    const result = await deps.activities.acceptOffer(signUp, at);
    if (result === 'done') return signUpView({ ...signUp, status: 'signed-up', updatedAt: at });
    if (result === 'not-open') throw new ActivityCancelled();
    if (result !== 'changed') await pause(attempt);
  }
  throw new SignUpsBusy();
}

/**
 * The expiry sweep (a schedule): every open offer whose deadline has passed lapses, and its seat
 * passes to the next in line (or is free). Each lapse is conditional on the offer as read, so a
 * seat is freed exactly once, whether the sweep, a second sweep or the member's own late accept
 * gets there first.
 */
export async function lapseDueOffers(deps: Pick<ActivityDependencies, 'activities'>, now: Date, timeLeftMs: () => number = () => Infinity) {
  const report = { lapsed: 0, skipped: 0 };
  const seen = new Set<string>();
  while (timeLeftMs() > 5_000) {
    const due = (await deps.activities.dueOffers(now.toISOString(), 100)).filter((offer) => !seen.has(`${offer.activityId}#${offer.userId}`));
    if (due.length === 0) break;
    for (const offer of due) {
      seen.add(`${offer.activityId}#${offer.userId}`);
      const signUp = await deps.activities.signUp(offer.activityId, offer.userId);
      // The index lags the table: what it still lists may have been accepted or lapsed already.
      if (!signUp || signUp.status !== 'offered' || offerOpen(signUp, now)) {
        report.skipped++;
        continue;
      }
      if ((await releaseSeat(deps.activities, signUp, 'lapsed', now)) === 'done') report.lapsed++;
      else report.skipped++;
    }
  }
  return report;
}

// ——— Check-in ———

/** The member's check-in code, to show as a QR code at the door: only while she holds a seat. */
export async function checkInCodeFor(deps: { activities: ActivityStore; codes: CheckInCodes }, caller: Account, activityId: string) {
  const signUp = await deps.activities.signUp(activityId, caller.userId);
  if (!signUp || !isActive(signUp.status)) throw new NotSignedUp();
  if (signUp.status !== 'signed-up' && signUp.status !== 'checked-in') throw new NoSeat(signUp.status);
  const activity = await deps.activities.get(activityId);
  if (activity?.status === 'cancelled') throw new ActivityCancelled();
  return { activityId, status: signUp.status, code: await deps.codes.sign({ activityId, userId: caller.userId }) };
}

/**
 * An admin's device posts a scanned code.
 *
 * Primary course:
 *  1. The caller administers the activity's organiser (else not found).
 *  2. The code is one we signed (else CHECK_IN_CODE_INVALID), for this activity (else
 *     CHECK_IN_WRONG_ACTIVITY).
 *  3. Already checked in: the first check-in is the answer (a repeated or late duplicate scan).
 *  4. The scan's time (`scannedAt`, sent by a device that uploads late; default now) lies between
 *     two hours before the start and the end, and not in the future.
 *  5. The member holds a seat; one conditional write checks her in, once.
 */
export async function checkIn(
  deps: ActivityDependencies & { codes: CheckInCodes },
  caller: Account,
  activityId: string,
  input: { code: string; scannedAt?: string },
  now: Date = new Date(),
): Promise<{ checkIn: ReturnType<typeof rosterView>; repeated: boolean }> {
  const activity = await managedActivity(deps, caller, activityId);
  const subject = await deps.codes.read(input.code);
  if (!subject) throw new CheckInCodeInvalid();
  if (subject.activityId !== activityId) throw new CheckInWrongActivity();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const signUp = await deps.activities.signUp(activityId, subject.userId);
    if (signUp?.status === 'checked-in') return { checkIn: rosterView(signUp), repeated: true };
    if (activity.status === 'cancelled') throw new ActivityCancelled();
    const scannedAt = input.scannedAt ? new Date(input.scannedAt) : now;
    const refusal = scanTimeRefusal(activity, scannedAt, now);
    if (refusal) throw new ScanTimeInvalid(refusal);
    if (!signUp || signUp.status !== 'signed-up') throw new NoSeat(signUp?.status ?? 'not signed up');
    const done = { checkedInAt: scannedAt.toISOString(), checkedInBy: caller.userId, recordedAt: now.toISOString() };
    const result = await deps.activities.checkIn(signUp, done);
    if (result === 'done') {
      return { checkIn: rosterView({ ...signUp, status: 'checked-in', checkedInAt: done.checkedInAt, checkedInBy: done.checkedInBy, checkInRecordedAt: done.recordedAt }), repeated: false };
    }
    if (result === 'not-open') throw new ActivityCancelled();
    if (result !== 'changed') await pause(attempt);
  }
  throw new SignUpsBusy();
}

// ——— Closing and cancelling ———

/**
 * An admin closes (no more sign-ups; the waiting list ends) or cancels an activity.
 *
 * Primary course:
 *  1. The caller administers its organiser (else not found).
 *  2. Close from open; cancel from open or closed. Asking again for the state it is in answers it
 *     as it is (and queues the notices again: their delivery is idempotent).
 *  3. The status changes on the condition that it is still the one read; then the notices to
 *     everyone on its lists are queued, to be delivered page by page by the notice worker.
 */
export async function changeActivityStatus(
  deps: ActivityDependencies & { queueNotices: QueueActivityNotices },
  caller: Account,
  activityId: string,
  to: 'closed' | 'cancelled',
  reason: string,
  now: Date = new Date(),
) {
  const kind = to === 'closed' ? 'activity-closed' : 'activity-cancelled';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const activity = await managedActivity(deps, caller, activityId);
    if (activity.status === to) {
      await deps.queueNotices({ activityId, kind });
      return activityView(activity);
    }
    const from: Activity['status'][] = to === 'closed' ? ['open'] : ['open', 'closed'];
    if (!from.includes(activity.status)) throw new ActivityState(activity.status, to);
    const change = {
      status: to,
      ...(to === 'closed' ? { closedAt: now.toISOString() } : { cancelledAt: now.toISOString() }),
      statusChangedBy: caller.userId,
      statusReason: reason,
    };
    const result = await deps.activities.setStatus(activity, from, change);
    if (result === 'done') {
      await deps.queueNotices({ activityId, kind });
      return activityView({ ...activity, ...change });
    }
    await pause(attempt);
  }
  throw new SignUpsBusy();
}

/**
 * The notice worker: tells everyone on an activity's lists that it closed or was cancelled,
 * page by page, until `deadline` (epoch ms), then answers where to carry on.
 *
 * Each member is one transaction: her notice (its id derived from the activity and her, its time
 * the activity's own closing or cancelling time, so a redelivered message writes the same notice
 * and is refused as already delivered) and her place's new status — a waiting member is not
 * admitted (closed) or cancelled, a seat holder's place is cancelled with the activity; a member
 * already checked in keeps her check-in. Closing tells seat holders they keep their seat.
 */
export async function tellMembers(deps: Pick<ActivityDependencies, 'activities'>, message: ActivityNoticesMessage, deadline: number) {
  const report = { told: 0, already: 0, done: true as boolean, cursor: undefined as string | undefined };
  const activity = await deps.activities.get(message.activityId);
  // A closing superseded by a cancellation is told by the cancellation's own notices.
  if (!activity || (message.kind === 'activity-closed' && activity.status !== 'closed')) return report;
  if (message.kind === 'activity-cancelled' && activity.status !== 'cancelled') return report;
  const at = (message.kind === 'activity-closed' ? activity.closedAt : activity.cancelledAt) ?? activity.createdAt;

  const tell = async (first: SignUp) => {
    let signUp: SignUp | undefined = first;
    for (let attempt = 0; signUp && isActive(signUp.status) && attempt < ATTEMPTS; attempt++) {
      const to: SignUpStatus | undefined =
        message.kind === 'activity-cancelled' ? (signUp.status === 'checked-in' ? undefined : 'cancelled') : signUp.status === 'waiting' ? 'not-admitted' : undefined;
      const notice: Notice = {
        userId: signUp.userId,
        noticeId: `${message.kind}#${activity.activityId}#${signUp.userId}`,
        kind: message.kind,
        at,
        facts: {
          activityId: activity.activityId,
          title: activity.title,
          startsAt: activity.startsAt,
          // What it means for her: the place she had, and what it is now.
          was: signUp.status,
          now: to ?? signUp.status,
          ...(activity.statusReason && { reason: activity.statusReason }),
        },
      };
      const result = await deps.activities.tellMember(signUp, notice, to);
      if (result === 'delivered') return void report.told++;
      if (result === 'already') return void report.already++;
      signUp = await deps.activities.signUp(activity.activityId, signUp.userId);
    }
  };

  let cursor = message.cursor;
  for (;;) {
    const page = await deps.activities.signUps(activity.activityId, { limit: 100, cursor });
    for (const signUp of page.items) await tell(signUp);
    if (!page.cursor) return report;
    cursor = page.cursor;
    if (Date.now() > deadline) return { ...report, done: false, cursor };
  }
}

