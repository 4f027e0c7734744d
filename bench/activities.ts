/**
 * `npm run bench:activities [-- --members 2000 --seats 500 --concurrency 64]`
 *
 * An activity's sign-up opening, end to end: the whole local runtime (gateway with token checks,
 * the activitySignUp function in its containers, DynamoDB Local), `members` members of the
 * audience signing up for `seats` seats with `concurrency` requests in flight, each with an
 * Idempotency-Key and retrying with the same key when told 429/503 + Retry-After, as the mobile
 * client does. In the same run and at the same concurrency, the ceiling: the same sign-up (the
 * domain's signUpFor: the activity and the member's union read, one transaction taking a seat,
 * or an arrival number and one transaction joining the waiting list) issued straight to DynamoDB
 * Local with the SDK, measured before and after ours (the faster counts), after a warm-up of both
 * paths. Counts that must be zero: seats over capacity, members holding two seats, a waiting list
 * out of arrival order (or not the members who were told they wait, or a seat free while someone
 * waits), 5xx answers; and every member gets an answer.
 */
import { randomUUID } from 'node:crypto';
import type { Account } from '../shared/accounts/account';
import { signUpFor } from '../shared/activities/activities';
import type { Activity, SignUp } from '../shared/activities/activity';
import { DynamoActivityStore } from '../shared/activities/activity-store-dynamodb';
import { DynamoOrganisationStore } from '../shared/organisations/organisation-store-dynamodb';
import { measure, summarise, writeResult } from './report';
import { numericOptions, postAsTheApp, quietRuntime, seedMembers } from './runtime';
import { memberProfile } from '../test/support/fixtures';
import { queryAll } from '../shared/aws/queries';

const { members, seats, concurrency } = numericOptions({ members: 2000, seats: 500, concurrency: 64 });
const log = (line: string) => process.stderr.write(`${line}\n`);

const { runtime, documents } = await quietRuntime();
const activities = new DynamoActivityStore(documents, { activities: runtime.tableName('activities') });
const orgs = new DynamoOrganisationStore(documents, runtime.tableName('organisations'));
const now = new Date();

try {
  // 1. A province, a city and a union; `members` members of it (the audience of every activity).
  const base = { status: 'active', autoApprove: true, memberCount: 0, childCount: 0, createdAt: now.toISOString() } as const;
  await orgs.createRoot({ ...base, id: 'gd', name: '广东省总工会', kind: 'province', path: 'gd/' });
  await orgs.create({ ...base, id: 'gz', name: '广州市总工会', kind: 'city', parentId: 'gd', path: 'gd/gz/' });
  await orgs.create({ ...base, id: 'gz-club', name: '职工俱乐部工会', kind: 'grassroots', parentId: 'gz', path: 'gd/gz/gz-club/' });
  const profiles = Array.from({ length: members }, (_, n) => memberProfile(`member-${n}`, 'gd/gz/gz-club/', { name: `会员${n}`, phoneHash: `hash-${n}`, phoneMasked: '138****0000' }));
  await seedMembers(documents, runtime.tableName('accounts'), profiles);
  const accounts: Account[] = profiles.map((member) => ({ userId: member.userId, grants: [], member }));
  const tokens = await Promise.all(profiles.map((member) => runtime.idp.issue(member.userId)));
  log(`seeded ${members} members and their tokens`);

  const newActivity = async (title: string, capacity: number): Promise<Activity> => {
    const startsAt = new Date(now.getTime() + 48 * 3600_000);
    const activity: Activity = {
      activityId: randomUUID(),
      organisationId: 'gz',
      organisationPath: 'gd/gz/',
      title,
      description: '-',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
      place: { kind: 'venue', address: '天河体育中心' },
      capacity,
      signUpOpensAt: now.toISOString(),
      signUpClosesAt: startsAt.toISOString(),
      offerHours: 24,
      audience: { organisationId: 'gz', industries: [], verifiedOnly: false, gigWorkersOnly: false },
      status: 'open',
      seatsTaken: 0,
      waiting: 0,
      checkedIn: 0,
      createdBy: 'bench',
      createdAt: now.toISOString(),
    };
    await activities.create(activity);
    return activity;
  };

  /** What storage holds for an activity: every sign-up, and the waiting list in its order. */
  const outcomeOf = async (activityId: string) => {
    const partition = await queryAll(documents, { TableName: runtime.tableName('activities'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ACTIVITY#${activityId}` }, ConsistentRead: true });
    const signUps = partition.filter((item) => (item.sk as string).startsWith('SIGNUP#')) as unknown as SignUp[];
    const line = partition.filter((item) => (item.sk as string).startsWith('QUEUE#')).map((item) => ({ userId: item.userId as string, ticket: item.ticket as number }));
    const activity = partition.find((item) => item.sk === 'ACTIVITY') as unknown as Activity;
    const seatHolders = signUps.filter((s) => s.status === 'signed-up' || s.status === 'offered' || s.status === 'checked-in');
    const perMember = new Map<string, number>();
    for (const s of seatHolders) perMember.set(s.userId, (perMember.get(s.userId) ?? 0) + 1);
    const waiting = signUps.filter((s) => s.status === 'waiting');
    const tickets = line.map((entry) => entry.ticket);
    const waitingIds = new Set(waiting.map((s) => s.userId));
    const outOfOrder =
      tickets.filter((ticket, i) => i > 0 && ticket <= tickets[i - 1]!).length +
      line.filter((entry) => !waitingIds.has(entry.userId)).length +
      Math.abs(line.length - waiting.length) +
      Math.abs(activity.waiting - waiting.length) +
      // A free seat while someone waits: the line did not move.
      (waiting.length > 0 ? activity.capacity - seatHolders.length : 0);
    return {
      seatsTaken: seatHolders.length,
      waiting: waiting.length,
      seatsOverCapacity: Math.max(0, seatHolders.length - activity.capacity) + Math.max(0, activity.seatsTaken - activity.capacity) + Math.abs(activity.seatsTaken - seatHolders.length),
      membersWithTwoSeats: [...perMember.values()].filter((count) => count > 1).length,
      waitlistOutOfOrder: outOfOrder,
      line,
    };
  };

  /** The ceiling: the same sign-up straight to DynamoDB Local, at the same concurrency. */
  const direct = async (label: string, count: number, capacity: number) => {
    const activity = await newActivity(`直连 ${label}`, capacity);
    const started = performance.now();
    await measure(count, concurrency, async (n) => {
      for (;;) {
        try {
          await signUpFor({ activities, orgs }, accounts[n]!, activity.activityId);
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== 'BUSY') throw error;
        }
      }
    });
    const seconds = (performance.now() - started) / 1000;
    const outcome = await outcomeOf(activity.activityId);
    log(`ceiling (${label}): ${count} sign-ups in ${seconds.toFixed(2)} s`);
    return { seconds, outcome };
  };

  let retries = 0;
  /** One member's sign-up as the app sends it: an Idempotency-Key, and on 429/503 the same again after Retry-After. */
  const signUpAsTheAppDoes = async (activityId: string, n: number, phase: string) => {
    const headers = { authorization: `Bearer ${tokens[n]}`, 'idempotency-key': `${phase}-${activityId.slice(0, 8)}-${n}` };
    return postAsTheApp<{ status?: string | number; position?: number; code?: string }>(`${runtime.url}/activities/${activityId}/sign-up`, headers, 30, () => retries++);
  };

  /** Everyone over HTTP at the opening, `concurrency` in flight. */
  const overHttp = async (phase: string, count: number, capacity: number) => {
    const activity = await newActivity(`HTTP ${phase}`, capacity);
    const answers = new Map<number, number>();
    const told = new Map<string, string>();
    const retriesBefore = retries;
    const started = performance.now();
    const latencies = await measure(count, concurrency, async (n) => {
      const { status, body } = await signUpAsTheAppDoes(activity.activityId, n, phase);
      answers.set(status, (answers.get(status) ?? 0) + 1);
      if (status === 201) told.set(`member-${n}`, body.status as string);
    });
    const seconds = (performance.now() - started) / 1000;
    const outcome = await outcomeOf(activity.activityId);
    // Those told they wait are exactly those on the list.
    const toldWaiting = [...told].filter(([, status]) => status === 'waiting').map(([userId]) => userId).sort();
    const listed = outcome.line.map((entry) => entry.userId).sort();
    const mismatch = toldWaiting.length === listed.length && toldWaiting.every((id, i) => id === listed[i]) ? 0 : Math.max(1, Math.abs(toldWaiting.length - listed.length));
    const membersWithoutAnswer = count - told.size;
    return { seconds, answers, latencies, retries: retries - retriesBefore, membersWithoutAnswer, outcome: { ...outcome, waitlistOutOfOrder: outcome.waitlistOutOfOrder + mismatch } };
  };

  // 2. Warm-up of both paths: DynamoDB Local's JVM and the functions' containers.
  const warmUp = Math.min(members, 400);
  await direct('warm-up', warmUp, Math.ceil(warmUp / 4));
  await overHttp('warm-up', warmUp, Math.ceil(warmUp / 4));

  // 3. The ceiling before and after ours; noise only lowers it, so the faster counts.
  const before = await direct('before', members, seats);
  const ours = await overHttp('steady', members, seats);
  log(`HTTP: ${members} sign-ups in ${ours.seconds.toFixed(2)} s; answers ${JSON.stringify(Object.fromEntries(ours.answers))}; ${ours.retries} retries`);
  const after = await direct('after', members, seats);
  const ceilingSeconds = Math.min(before.seconds, after.seconds);

  const serverErrors = [...ours.answers].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0);
  const latency = summarise(ours.latencies);
  const signUpsPerSecond = members / ours.seconds;
  const ceilingPerSecond = members / ceilingSeconds;
  const all = [ours.outcome, before.outcome, after.outcome];
  const result = {
    name: 'activities',
    figures: {
      members,
      seats,
      concurrency,
      signUpsPerSecond: Math.round(signUpsPerSecond),
      latency,
      answers: Object.fromEntries(ours.answers),
      retries: ours.retries,
      membersWithoutAnswer: ours.membersWithoutAnswer,
      seatsTaken: ours.outcome.seatsTaken,
      waiting: ours.outcome.waiting,
    },
    ceiling: {
      signUpsPerSecond: Math.round(ceilingPerSecond),
      signUpsPerSecondBefore: Math.round(members / before.seconds),
      signUpsPerSecondAfter: Math.round(members / after.seconds),
      seatsTaken: before.outcome.seatsTaken,
      waiting: before.outcome.waiting,
    },
    ratio: Math.round((signUpsPerSecond / ceilingPerSecond) * 100) / 100,
    violations: {
      seatsOverCapacity: all.reduce((n, o) => n + o.seatsOverCapacity, 0),
      membersWithTwoSeats: all.reduce((n, o) => n + o.membersWithTwoSeats, 0),
      waitlistOutOfOrder: all.reduce((n, o) => n + o.waitlistOutOfOrder, 0),
      serverErrors,
    },
  };
  console.log(`
${members} members sign up for ${seats} seats, ${concurrency} requests in flight
  ours (HTTP, end to end)   ${result.figures.signUpsPerSecond} sign-ups/s; latency p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, p99 ${latency.p99Ms} ms
                            answers ${JSON.stringify(result.figures.answers)}, ${ours.retries} retries, ${ours.membersWithoutAnswer} without an answer; ${ours.outcome.seatsTaken} seats taken, ${ours.outcome.waiting} waiting
  ceiling (same sign-up, SDK straight to DynamoDB Local)  ${result.ceiling.signUpsPerSecond} sign-ups/s (before ${result.ceiling.signUpsPerSecondBefore}, after ${result.ceiling.signUpsPerSecondAfter})
  ratio ours ÷ ceiling: ${result.ratio}
  violations: ${JSON.stringify(result.violations)}
written to ${writeResult(result)}`);
} finally {
  await runtime.stop();
}
