/**
 * Activities against DynamoDB Local, really concurrent: 200 members sign up at once for 50 seats
 * (exactly 50 seats, 150 waiting in arrival order); then rounds of cancels, accepts, declines,
 * departures from the line and lapses at once — never more than capacity, no free seat while
 * someone waits, the line moves in order, every offer with its one notice; QR codes check in
 * once (also scanned ten times at once), forged or foreign ones are refused; closing and
 * cancelling tell everyone once, however often the message is delivered.
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import {
  cancelSignUp,
  changeActivityStatus,
  checkIn,
  checkInCodeFor,
  createActivity,
  decideOffer,
  lapseDueOffers,
  signUpFor,
  tellMembers,
} from '../../shared/activities/activities';
import type { Activity, SignUp } from '../../shared/activities/activity';
import type { ActivityNoticesMessage } from '../../shared/activities/activity-store';
import { DynamoActivityStore } from '../../shared/activities/activity-store-dynamodb';
import { checkInCodesWith, signCheckInCode } from '../../shared/activities/check-in-code';
import type { DomainError } from '../../shared/errors';
import { DynamoOrganisationStore } from '../../shared/organisations/organisation-store-dynamodb';
import { freshTables, localDynamo } from '../support/local-aws';
import { everyPage } from '../../shared/pagination';

const { client, documents } = localDynamo();
let store: DynamoActivityStore;
let orgs: DynamoOrganisationStore;
let inboxTable: string;
let activitiesTable: string;
const key = 'k'.repeat(40);
const codes = checkInCodesWith(async () => key);
const base = new Date();
const hour = 3600_000;
const at = (ms: number) => new Date(base.getTime() + ms);

const operator: Account = { userId: 'op', grants: [{ role: 'operator', grantedAt: base.toISOString(), grantedBy: 'test' }] };
const member = (n: number | string): Account => ({
  userId: `m-${n}`,
  grants: [],
  member: {
    userId: `m-${n}`,
    name: `会员${n}`,
    phoneHash: 'h',
    phoneMasked: '138****0000',
    industry: 'other',
    verified: true,
    registeredAt: base.toISOString(),
    membership: { organisationId: 'gz-club', orgPath: 'gd/gz/gz-club/', since: base.toISOString() },
  },
});

beforeAll(async () => {
  const nameOf = await freshTables(client);
  activitiesTable = nameOf('activities');
  inboxTable = nameOf('inbox');
  store = new DynamoActivityStore(documents, { activities: activitiesTable, inbox: inboxTable });
  orgs = new DynamoOrganisationStore(documents, nameOf('organisations'));
  const org = { status: 'active', autoApprove: true, memberCount: 0, childCount: 0, createdAt: base.toISOString() } as const;
  await orgs.createRoot({ ...org, id: 'gd', name: '广东省总工会', kind: 'province', path: 'gd/' });
  await orgs.create({ ...org, id: 'gz', name: '广州市总工会', kind: 'city', parentId: 'gd', path: 'gd/gz/' });
  await orgs.create({ ...org, id: 'gz-club', name: '职工俱乐部工会', kind: 'grassroots', parentId: 'gz', path: 'gd/gz/gz-club/' });
});

const deps = () => ({ activities: store, orgs });

async function newActivity(capacity: number, offerHours = 1): Promise<Activity> {
  return createActivity(deps(), operator, {
    organisationId: 'gz',
    title: '周末徒步',
    description: '白云山徒步，**请带水**。',
    startsAt: at(10 * 24 * hour).toISOString(),
    endsAt: at(10 * 24 * hour + 4 * hour).toISOString(),
    place: { kind: 'venue', address: '白云山南门' },
    capacity,
    offerHours,
  }, base);
}

const allSignUps = (activityId: string): Promise<SignUp[]> => everyPage((page) => store.signUps(activityId, page));

async function queueOf(activityId: string) {
  const { Items = [] } = await documents.send(
    new QueryCommand({ TableName: activitiesTable, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :q)', ExpressionAttributeValues: { ':pk': `ACTIVITY#${activityId}`, ':q': 'QUEUE#' }, ConsistentRead: true }),
  );
  return Items.map((item) => ({ userId: item.userId as string, ticket: item.ticket as number }));
}

async function inbox() {
  const { Items = [] } = await documents.send(new ScanCommand({ TableName: inboxTable, ConsistentRead: true }));
  return Items;
}

/** As the app does: told BUSY (many at once on one activity), it asks again a moment later. */
async function likeAPhone<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if ((error as DomainError).code !== 'BUSY' || attempt >= 5) throw error;
      busyAnswers++;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
}
let busyAnswers = 0;

/** The promises that hold whatever happens: checked after every round. */
async function expectInvariants(activityId: string) {
  const activity = (await store.get(activityId))!;
  const signUps = await allSignUps(activityId);
  const holding = signUps.filter((s) => ['signed-up', 'offered', 'checked-in'].includes(s.status));
  const waiting = signUps.filter((s) => s.status === 'waiting');
  expect(activity.seatsTaken).toBe(holding.length);
  expect(activity.seatsTaken).toBeLessThanOrEqual(activity.capacity);
  expect(activity.waiting).toBe(waiting.length);
  // No seat stands free while someone waits for one.
  if (waiting.length > 0) expect(activity.seatsTaken).toBe(activity.capacity);
  // The line is the waiting members, in ticket order, each once.
  const queue = await queueOf(activityId);
  expect(queue.map((entry) => entry.userId).sort()).toEqual(waiting.map((s) => s.userId).sort());
  expect(queue.map((entry) => entry.ticket)).toEqual([...queue.map((entry) => entry.ticket)].sort((a, b) => a - b));
  // The line moved in order: everyone ever offered a seat came before everyone still waiting.
  const offeredTickets = signUps.filter((s) => s.offerNo > 0).map((s) => s.ticket!);
  if (waiting.length > 0 && offeredTickets.length > 0) expect(Math.max(...offeredTickets)).toBeLessThan(Math.min(...waiting.map((s) => s.ticket!)));
  return { activity, signUps };
}

describe('signing up at once', () => {
  let activity: Activity;
  const answers: Awaited<ReturnType<typeof signUpFor>>[] = [];

  it('gives exactly 50 seats to 200 members at once and puts 150 on the waiting list in arrival order', async () => {
    activity = await newActivity(50);
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, n) => signUpFor(deps(), member(n), activity.activityId, base)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as DomainError).code ?? String(r.reason));
    expect(refused).toEqual([]);
    for (const r of results) if (r.status === 'fulfilled') answers.push(r.value);

    expect(answers.filter((a) => a.status === 'signed-up')).toHaveLength(50);
    expect(answers.filter((a) => a.status === 'waiting')).toHaveLength(150);
    const { signUps } = await expectInvariants(activity.activityId);
    expect(signUps.filter((s) => s.status === 'signed-up')).toHaveLength(50);
    const line = (await queueOf(activity.activityId)).map((entry) => entry.userId);
    expect(line).toHaveLength(150);
    // Arrival order: the line is by arrival number; each member's position when she joined
    // counted only those who arrived before her, so it is never behind her place in the line.
    const waitingAnswers = results.flatMap((r, n) => (r.status === 'fulfilled' && r.value.status === 'waiting' ? [{ userId: `m-${n}`, position: r.value.position! }] : []));
    for (const answer of waitingAnswers) expect(answer.position).toBeLessThanOrEqual(line.indexOf(answer.userId) + 1);
    // Late arrivals, one by one, join the end of the line in the order they came.
    for (const n of [200, 201, 202]) expect(await signUpFor(deps(), member(n), activity.activityId, base)).toMatchObject({ status: 'waiting', position: 151 + n - 200 });
    expect((await queueOf(activity.activityId)).slice(-3).map((entry) => entry.userId)).toEqual(['m-200', 'm-201', 'm-202']);
  });

  it('refuses a second place to the same member, also asked twice at once', async () => {
    const twice = await Promise.allSettled([signUpFor(deps(), member(300), activity.activityId, base), signUpFor(deps(), member(300), activity.activityId, base)]);
    expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(twice.filter((r) => r.status === 'rejected').map((r) => (r.reason as DomainError).code)).toEqual(['ALREADY_SIGNED_UP']);
    await expectInvariants(activity.activityId);
  });

  it('keeps capacity and the order of the line through rounds of cancels, accepts, declines, departures and lapses at once', async () => {
    const random = (() => {
      let seed = 7;
      return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    })();
    let offersMade = 0;
    for (let round = 1; round <= 6; round++) {
      // Rounds are 90 minutes apart and offers hold for an hour: members answer last round's
      // offers 45 minutes after they were made, while the sweep at the round's end lapses those
      // still unanswered — racing the same offers.
      const now = at(round * 90 * 60_000 - 45 * 60_000);
      const sweep = at(round * 90 * 60_000);
      const signUps = await allSignUps(activity.activityId);
      const work: Promise<unknown>[] = [];
      for (const s of signUps) {
        const caller = { ...member(0), userId: s.userId };
        const dice = random();
        if (s.status === 'signed-up' && dice < 0.2) work.push(likeAPhone(() => cancelSignUp(deps(), caller, activity.activityId, now)));
        // An accept may lose its race with the sweep (OFFER_LAPSED); anything else is a failure.
        const lapsed = (error: DomainError) => {
          if (error.code !== 'OFFER_LAPSED') throw error;
        };
        if (s.status === 'offered' && dice < 0.5) work.push(likeAPhone(() => decideOffer(deps(), caller, activity.activityId, 'accept', now)).catch(lapsed));
        else if (s.status === 'offered' && dice < 0.7) work.push(likeAPhone(() => decideOffer(deps(), caller, activity.activityId, 'decline', now)).catch(lapsed));
        if (s.status === 'waiting' && dice < 0.05) work.push(likeAPhone(() => cancelSignUp(deps(), caller, activity.activityId, now)));
      }
      work.push(lapseDueOffers(deps(), sweep));
      work.push(lapseDueOffers(deps(), sweep));
      const results = await Promise.allSettled(work);
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const { signUps: after } = await expectInvariants(activity.activityId);
      offersMade = after.reduce((n, s) => n + s.offerNo, 0);
    }
    expect(offersMade).toBeGreaterThan(20);
    console.info(`${offersMade} offers made; ${busyAnswers} BUSY answers asked again`);
    // Every offer made its one notice, and each member's unread count counts hers.
    const notices = (await inbox()).filter((item) => (item.sk as string).startsWith('NOTICE#') && item.kind === 'waitlist-offer' && (item.facts as { activityId: string }).activityId === activity.activityId);
    expect(notices).toHaveLength(offersMade);
    expect(new Set(notices.map((n) => n.noticeId)).size).toBe(offersMade);
  });

  it('lapses an offer exactly once, whether the sweep or a late accept gets there first', async () => {
    const small = await newActivity(1);
    await signUpFor(deps(), member('a'), small.activityId, base);
    await signUpFor(deps(), member('b'), small.activityId, base);
    await signUpFor(deps(), member('c'), small.activityId, base);
    await cancelSignUp(deps(), member('a'), small.activityId, base);
    expect(await store.signUp(small.activityId, 'm-b')).toMatchObject({ status: 'offered', offerNo: 1 });
    const late = at(2 * hour);
    const raced = await Promise.allSettled([
      decideOffer(deps(), member('b'), small.activityId, 'accept', late),
      lapseDueOffers(deps(), late),
      lapseDueOffers(deps(), late),
      decideOffer(deps(), member('b'), small.activityId, 'accept', late),
    ]);
    expect(raced.filter((r) => r.status === 'rejected').map((r) => (r.reason as DomainError).code)).toEqual(['OFFER_LAPSED', 'OFFER_LAPSED']);
    expect(await store.signUp(small.activityId, 'm-b')).toMatchObject({ status: 'lapsed' });
    expect(await store.signUp(small.activityId, 'm-c')).toMatchObject({ status: 'offered', offerNo: 1 });
    const { activity: after } = await expectInvariants(small.activityId);
    expect(after).toMatchObject({ seatsTaken: 1, waiting: 0 });
    // Before its deadline, an accept takes the seat.
    expect(await decideOffer(deps(), member('c'), small.activityId, 'accept', late)).toMatchObject({ status: 'signed-up' });
  });
});

describe('checking in by QR code', () => {
  it('checks in once (also ten scans at once), answers a repeat with the first, refuses forged and foreign codes', async () => {
    const activity = await newActivity(5);
    const other = await newActivity(5);
    await signUpFor(deps(), member('q1'), activity.activityId, base);
    await signUpFor(deps(), member('q2'), activity.activityId, base);
    const { code } = await checkInCodeFor({ activities: store, codes }, member('q1'), activity.activityId);
    const door = new Date(Date.parse(activity.startsAt) - 30 * 60_000);

    const scans = await Promise.all(Array.from({ length: 10 }, () => checkIn({ ...deps(), codes }, operator, activity.activityId, { code }, door)));
    expect(scans.filter((scan) => !scan.repeated)).toHaveLength(1);
    expect(new Set(scans.map((scan) => scan.checkIn.checkedInAt))).toEqual(new Set([door.toISOString()]));
    // A device that uploads later keeps the first scan's answer.
    const later = await checkIn({ ...deps(), codes }, operator, activity.activityId, { code, scannedAt: door.toISOString() }, at(10 * 24 * hour + hour));
    expect(later).toMatchObject({ repeated: true, checkIn: { checkedInAt: door.toISOString() } });
    expect((await store.get(activity.activityId))!.checkedIn).toBe(1);

    const refusal = (input: { code: string; scannedAt?: string }, activityId = activity.activityId) =>
      checkIn({ ...deps(), codes }, operator, activityId, input, door).then(
        () => 'accepted',
        (error: DomainError) => error.code,
      );
    const [payload, signature] = code.split('.');
    const otherMember = Buffer.from(JSON.stringify({ a: activity.activityId, u: 'm-q2', v: 1 })).toString('base64url');
    expect(await refusal({ code: `${otherMember}.${signature}` })).toBe('CHECK_IN_CODE_INVALID');
    expect(await refusal({ code: `${payload}.${signature!.slice(0, -2)}AA` })).toBe('CHECK_IN_CODE_INVALID');
    expect(await refusal({ code: signCheckInCode('another key of the right length, forged....', { activityId: activity.activityId, userId: 'm-q2' }) })).toBe('CHECK_IN_CODE_INVALID');
    expect(await refusal({ code: 'not a code' })).toBe('CHECK_IN_CODE_INVALID');
    expect(await refusal({ code }, other.activityId)).toBe('CHECK_IN_WRONG_ACTIVITY');
    const { code: q2 } = await checkInCodeFor({ activities: store, codes }, member('q2'), activity.activityId);
    expect(await refusal({ code: q2, scannedAt: at(-hour).toISOString() })).toBe('SCAN_TIME_INVALID');
    const notOnIt = await codes.sign({ activityId: activity.activityId, userId: 'm-nobody' });
    expect(await refusal({ code: notOnIt })).toBe('NO_SEAT');
    expect(await refusal({ code: q2 })).toBe('accepted');
  });
});

describe('closing and cancelling', () => {
  const deliver = (message: ActivityNoticesMessage) => tellMembers({ activities: store }, message, Date.now() + 60_000);

  it('tells everyone once however often the message comes, ends the line when closing, cancels every place when cancelling', async () => {
    const activity = await newActivity(3);
    for (const n of ['c1', 'c2', 'c3', 'c4', 'c5']) await signUpFor(deps(), member(n), activity.activityId, base);
    const queueNotices = async () => {};
    await changeActivityStatus({ ...deps(), queueNotices }, operator, activity.activityId, 'closed', '名额已满', at(hour));
    const first = await deliver({ activityId: activity.activityId, kind: 'activity-closed' });
    const again = await deliver({ activityId: activity.activityId, kind: 'activity-closed' });
    expect(first).toMatchObject({ told: 5, done: true });
    expect(again).toMatchObject({ told: 0, already: 3 });
    const closed = await expectInvariants(activity.activityId);
    expect(closed.signUps.filter((s) => s.status === 'not-admitted')).toHaveLength(2);
    expect(closed.activity.waiting).toBe(0);
    // A seat freed after closing is free: the line has ended.
    await cancelSignUp(deps(), member('c1'), activity.activityId, at(2 * hour));
    expect((await store.get(activity.activityId))!.seatsTaken).toBe(2);
    await expect(signUpFor(deps(), member('c6'), activity.activityId, at(2 * hour))).rejects.toMatchObject({ code: 'SIGN_UP_CLOSED' });

    await changeActivityStatus({ ...deps(), queueNotices }, operator, activity.activityId, 'cancelled', '天气原因', at(3 * hour));
    // Delivered page by page: a deadline already past stops after the first page and says where to carry on.
    const cancelled = await tellMembers({ activities: store }, { activityId: activity.activityId, kind: 'activity-cancelled' }, 0);
    expect(cancelled.told).toBe(2);
    await deliver({ activityId: activity.activityId, kind: 'activity-cancelled' });
    expect((await allSignUps(activity.activityId)).map((s) => s.status).sort()).toEqual(['cancelled', 'cancelled', 'cancelled', 'not-admitted', 'not-admitted']);
    const told = (await inbox()).filter((item) => (item.facts as { activityId?: string } | undefined)?.activityId === activity.activityId);
    expect(told.filter((n) => n.kind === 'activity-closed')).toHaveLength(5);
    expect(told.filter((n) => n.kind === 'activity-cancelled')).toHaveLength(2);
    // A late closing message after the cancellation tells nobody anything more.
    expect(await deliver({ activityId: activity.activityId, kind: 'activity-closed' })).toMatchObject({ told: 0, already: 0 });
  });
});
