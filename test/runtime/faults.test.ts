/**
 * The system keeps its promises under faults (issue 11, part 3). A runtime of its own, set up
 * clean, then with the fault layer on: every function's DynamoDB and SQS calls throttle, time out
 * (applied, the answer lost) or fail a share of the time (shared/aws/faults.ts), and the queue
 * pollers redeliver, duplicate and delay deliveries (local/queue-poller.ts). Under that:
 *
 * - a coupon burst beyond the quota, each member claiming twice at once: never more coupons than
 *   the quota, never two for one member, no stock lost;
 * - membership join requests and their approval, subsidy applications (each member applying
 *   twice at once) and their approval, activity sign-ups beyond capacity: each transition once;
 * - payouts through the batcher, the queue, the worker and the provider: each paid exactly once,
 *   none lost;
 * - every answer that is not a success is 429 or 503 with Retry-After (the client comes back as
 *   told) or a definitive answer of the route (sold out, already applied…), never a 500.
 *
 * Then, faults off again: the payout worker killed in the middle of a submission (its batch comes
 * back and nobody is paid twice), and a batch that always fails while the provider is down ends in
 * the dead-letter queue, where `npm run dlq`'s module lists it and replays it: it is paid once.
 *
 * The invariants and the faults injected per kind are tallied for `npm run test:reliability`.
 */
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../../local/demo';
import { projectRoot, startRuntime, type Runtime, type RuntimeFaults } from '../../local/runtime';
import { scheduledEvent } from '../../local/scheduler';
import { DynamoCouponStore } from '../../shared/coupons/coupon-store-dynamodb';
import { shanghaiDay } from '../../shared/days';
import { system as defaultSystem } from '../../shared/manifest';
import { DEFAULT_ACCOUNT, payoutFor, type PayoutItem } from '../../shared/payouts/payout';
import { putPayoutItem } from '../../shared/payouts/payout-keys';
import { DynamoPayoutStore } from '../../shared/payouts/payout-store-dynamodb';
import type { ScheduleTrigger, System } from '../../shared/system';
import { listDeadLetters, localDeadLetterQueue, type DeadLetter } from '../../scripts/dead-letter-queue';
import { declaredProblems, routeOf } from '../support/api';
import { uniquePhone } from '../support/phones';
import { recordChecks } from '../support/reliability';
import { until as waitUntil } from '../support/polling';
import { callRuntime } from '../support/runtime-client';
import { residentId } from '../support/resident-ids';

// Seeded: a container's n-th call meets the same fault on every run (seed 2 makes the batcher's
// first sends to the queue meet each kind).
const FAULTS: RuntimeFaults = {
  seed: 2,
  dynamodb: { throttle: 0.1, timeout: 0.05, fail: 0.05 },
  // Few calls send to a queue (a batch number each): a larger share, so each kind is met.
  sqs: { throttle: 0.15, timeout: 0.15, fail: 0.1 },
  queues: { seed: 7, redeliver: 0.3, duplicate: 0.3, delay: 0.3, delayMs: 500 },
};

// Payout batches come back 3 s after a failed or cut-short delivery and dead-letter after 3, so
// the crash and the dead letter are seen in seconds rather than the deployed 30 s × 10.
const system: System = {
  ...defaultSystem,
  queues: { ...defaultSystem.queues, payoutBatches: { ...defaultSystem.queues.payoutBatches, visibilityTimeoutSeconds: 3, maxReceiveCount: 3 } },
};

const today = shanghaiDay(new Date());
const short = () => randomUUID().slice(0, 8);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const birth = `19${70 + Math.floor(Math.random() * 30)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}`;

/** Faults injected inside the functions, counted from their log lines ("fault injected"). */
const injected = new Map<string, number>();
const functionOutput = new Writable({
  write(chunk, _encoding, done) {
    for (const [, service, kind] of String(chunk).matchAll(/"message":"fault injected","service":"(\w+)","kind":"(\w+)"/g)) {
      injected.set(`${service}.${kind}`, (injected.get(`${service}.${kind}`) ?? 0) + 1);
    }
    done();
  },
}).setMaxListeners(0);

let runtime: Runtime;
let documents: DynamoDBDocumentClient;
const runtimeLog: string[] = [];

/** Answers under faults: what came back, and what no caller may ever be given. */
const answers = { total: 0, retried: 0, definitive: 0, withoutRetryAfter: [] as string[], serverErrors: [] as string[], undeclared: [] as string[] };

interface Answer {
  status: number;
  body: any;
}

/** One request as the runtime's identity provider signs `user` in. */
const once = (method: string, route: string, user: string, body?: unknown): Promise<Answer & { retryAfter: string | null }> => callRuntime(runtime, method, route, user, body);

/**
 * A request as a careful client makes it: a 429 or 503 is retried after its Retry-After (up to
 * eight times); every answer is held to the rule above.
 */
async function api(method: string, route: string, user: string, body?: unknown): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const answer = await once(method, route, user, body);
    answers.total++;
    const where = `${method} ${route} → ${answer.status} ${answer.body?.code ?? ''}`;
    if (answer.status === 429 || answer.status === 503) {
      const seconds = Number(answer.retryAfter);
      if (!answer.retryAfter || !Number.isFinite(seconds) || seconds < 1) answers.withoutRetryAfter.push(where);
      if (attempt < 8) {
        answers.retried++;
        await sleep(1000 * Math.max(1, Math.min(seconds || 1, 30)));
        continue;
      }
    } else if (answer.status >= 500) {
      answers.serverErrors.push(where);
    } else if (answer.status >= 400) {
      answers.definitive++;
    }
    // A refusal is one the route declares, with that status (what its OpenAPI document promises).
    const declared = routeOf(method, route);
    if (answer.status >= 400 && (!declared || declaredProblems(declared.trigger)[answer.body?.code] !== answer.status)) answers.undeclared.push(where);
    return answer;
  }
}

/** `count` calls of `work`, at most `limit` at once. */
async function inParallel<T>(count: number, limit: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

/** Every item of a partition (strongly consistent), or of a scan filtered by `filter`. */
async function partition(table: string, pk: string): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function scan(table: string, filter: string, values: Record<string, unknown>): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: table, FilterExpression: filter, ExpressionAttributeValues: values, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Tallies one invariant (checks made, how many failed) and asserts it. */
function invariant(name: string, checks: number, failures: string[]) {
  recordChecks(name, checks, failures.length);
  expect(failures, name).toEqual([]);
}

/** This file's waits: up to 45 s unless told, asking every 200 ms. */
const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 45_000) => waitUntil(what, probe, timeoutMs, 200);

const schedule = (name: 'payoutBatcher' | 'payoutReconciler') => runtime.functions.invoke(name, scheduledEvent(name, system.functions[name]!.trigger as ScheduleTrigger, new Date()));

// Set up without faults: the unions and members the scenarios start from.
let union: { id: string };
let reviewedUnion: { id: string };
const members: string[] = [];
const applicants: string[] = [];

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'union-benefits-faults-'));
  runtime = await startRuntime({ port: 0, dataDir, inMemory: true, system, functionOutput, log: (line) => void runtimeLog.push(line), logLevel: 'WARN' });
  // The tests run the payout schedules themselves (and no minute tick releases or sweeps meanwhile).
  await runtime.scheduler.stop();
  documents = DynamoDBDocumentClient.from(runtime.dynamodb, { marshallOptions: { removeUndefinedValues: true } });

  // Set-up is not under faults, but a cold pool may still turn a burst away (429): come back as told.
  const created = async (route: string, user: string, body: unknown) => {
    let answer = await once('POST', route, user, body);
    for (let attempt = 1; answer.status === 429 && attempt < 8; attempt++) {
      await sleep(1000 * Number(answer.retryAfter ?? 1));
      answer = await once('POST', route, user, body);
    }
    expect(answer.status, `${route}: ${JSON.stringify(answer.body)}`).toBe(201);
    return answer.body;
  };
  union = await created('/organisations', 'gz-admin', { parentId: 'gz-tianhe', name: `Faults ${short()}`, kind: 'grassroots', autoApprove: true });
  reviewedUnion = await created('/organisations', 'gz-admin', { parentId: 'gz-tianhe', name: `Reviewed ${short()}`, kind: 'grassroots', autoApprove: false });
  // 16 verified members of the union; 6 signed up with no union yet (they ask to join under faults).
  await inParallel(16, 6, async (i) => {
    const user = `faults-${short()}`;
    await created('/members', user, { name: 'Fault Tester', phone: uniquePhone(), industry: 'other' });
    await created('/me/membership', user, { organisationId: union.id });
    let verified = await once('POST', '/me/verification', user, { name: '测试员', idNumber: residentId(birth) });
    for (let attempt = 1; verified.status === 429 && attempt < 8; attempt++) {
      await sleep(1000 * Number(verified.retryAfter ?? 1));
      verified = await once('POST', '/me/verification', user, { name: '测试员', idNumber: residentId(birth) });
    }
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    members[i] = user;
  });
  await inParallel(6, 6, async (i) => {
    const user = `faults-join-${short()}`;
    await created('/members', user, { name: 'Joiner', phone: uniquePhone(), industry: 'other' });
    applicants[i] = user;
  });
  await runtime.setFaults(FAULTS);
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  // Which faults the run met, per kind (the report requires these rows).
  const poller: Record<string, number> = runtime ? runtime.queueFaultsInjected() : {};
  for (const kind of ['dynamodb.throttle', 'dynamodb.timeout', 'dynamodb.fail', 'sqs.throttle', 'sqs.timeout', 'sqs.fail']) {
    recordChecks(`faults injected: ${kind}`, injected.get(kind) ?? 0, 0, { measure: true });
  }
  for (const [kind, count] of Object.entries(poller)) recordChecks(`faults injected: delivery ${kind}`, count, 0, { measure: true });
  // A run that met none of a kind tested nothing under it: the report counts that as a violation.
  const sdkKinds = ['dynamodb.throttle', 'dynamodb.timeout', 'dynamodb.fail'];
  recordChecks('faults injected (some of each SDK kind)', sdkKinds.length, sdkKinds.filter((kind) => !(injected.get(kind) ?? 0)).length);
  recordChecks('requests under faults', answers.total, 0, { measure: true });
});

describe('under faults', () => {
  it('a coupon burst beyond the quota: never oversold, never two to one member, no stock lost', async () => {
    const QUOTA = 10;
    const campaign = await api('POST', '/campaigns', 'gz-admin', {
      name: `Fault burst ${short()}`,
      audience: { industries: ['courier', 'ride-hailing', 'other'], organisationId: union.id, verifiedOnly: true },
      firstDay: today,
      lastDay: today,
      releaseTime: '00:00',
      dailyQuota: QUOTA,
      rule: { thresholdFen: 300, discountFen: 100 },
      validityDays: 3,
      perMemberPerDay: 1,
      perMemberPerCampaign: 5,
      merchants: ['demo-mart'],
    });
    expect(campaign.status).toBe(201);
    const campaignId = campaign.body.campaignId as string;
    // Today's drop, opened as the every-minute release would (straight to the table, without faults).
    const coupons = new DynamoCouponStore(documents, runtime.tableName('coupons'));
    await coupons.release((await coupons.campaign(campaignId))!, today, new Date().toISOString());

    // Each member claims twice at once: 32 claims for 10 coupons.
    const claims = await Promise.all(members.flatMap((user) => [0, 1].map(async () => ({ user, answer: await api('POST', `/campaigns/${campaignId}/claims`, user) }))));
    const given = claims.filter((c) => c.answer.status === 200 || c.answer.status === 201);
    const refused = claims.filter((c) => c.answer.status >= 400);
    expect(refused.map((c) => c.answer.body.code).filter((code) => code !== 'SOLD_OUT')).toEqual([]);

    const issued = (await scan(runtime.tableName('coupons'), 'campaignId = :c AND sk = :coupon', { ':c': campaignId, ':coupon': 'COUPON' })) as { code: string; userId: string }[];
    const drop = await partition(runtime.tableName('coupons'), `DROP#${campaignId}#${today}`);
    const remaining = drop.filter((item) => String(item.sk).startsWith('SHARD#')).reduce((sum, item) => sum + Number(item.remaining), 0);
    invariant('coupons issued ≤ quota (under faults)', 1, issued.length > QUOTA ? [`${issued.length} issued of ${QUOTA}`] : []);
    const holders = new Map<string, string[]>();
    for (const coupon of issued) holders.set(coupon.userId, [...(holders.get(coupon.userId) ?? []), coupon.code]);
    invariant('≤ 1 coupon per member per drop (under faults)', members.length, [...holders].filter(([, codes]) => codes.length > 1).map(([user]) => user));
    invariant('coupon stock: remaining + issued = quota (under faults)', 1, remaining + issued.length === QUOTA ? [] : [`${remaining} remaining + ${issued.length} issued ≠ ${QUOTA}`]);
    // A member given a coupon holds exactly that one; the demand beyond the quota sold it out.
    invariant(
      'a coupon answered is the coupon held (under faults)',
      given.length,
      given.filter((c) => holders.get(subjectOf(c.user))?.[0] !== c.answer.body.code).map((c) => c.user),
    );
    expect(issued).toHaveLength(QUOTA);
  });

  it('membership requests and approvals: each member joins once, the count agrees', async () => {
    const requested = await Promise.all(applicants.map((user) => api('POST', '/me/membership', user, { organisationId: reviewedUnion.id })));
    // A request whose answer was lost and asked again finds itself pending: a definitive answer.
    expect(requested.filter((r) => r.status !== 201 && r.body?.code !== 'REQUEST_PENDING').map((r) => `${r.status} ${r.body?.code}`)).toEqual([]);
    const decided = await Promise.all(
      applicants.map((user) => api('POST', `/organisations/${reviewedUnion.id}/join-requests/${subjectOf(user)}`, 'gz-admin', { decision: 'approve' })),
    );
    // An approval whose answer was lost finds the request already decided (404): the member is in all the same.
    expect(decided.filter((d) => d.status !== 200 && d.status !== 404).map((d) => `${d.status} ${d.body?.code}`)).toEqual([]);

    const memberships = await Promise.all(applicants.map(async (user) => ({ user, membership: (await api('GET', '/me/membership', user)).body })));
    invariant(
      'a member approved is a member, once (under faults)',
      applicants.length,
      memberships.filter((m) => m.membership?.membership?.organisationId !== reviewedUnion.id).map((m) => `${m.user}: ${JSON.stringify(m.membership)}`),
    );
    const organisation = await api('GET', `/organisations/${reviewedUnion.id}`, 'gz-admin');
    invariant('member count = members (under faults)', 1, organisation.body.memberCount === applicants.length ? [] : [`memberCount ${organisation.body.memberCount} ≠ ${applicants.length}`]);
  });

  it('subsidy applications and approvals: one application per member, each approved once', async () => {
    const programmeId = `faults-${short()}`;
    const programme = await api('POST', '/programmes', 'operator', {
      programmeId,
      name: 'Fault programme',
      cycle: 'annual',
      window: { opens: '01-01', closes: '12-31' },
      quotaPerCycle: 100,
      eligibility: { verified: true, minMembershipMonths: 0, levelRequired: false },
      amount: { kind: 'fixed', fen: 1000 },
      noticeDays: 7,
    });
    expect(programme.status).toBe(201);
    const applying = members.slice(0, 8);
    // Each applies twice at once.
    const applied = await Promise.all(applying.flatMap((user) => [0, 1].map(async () => ({ user, answer: await api('POST', `/programmes/${programmeId}/applications`, user, { details: {} }) }))));
    expect(applied.filter((a) => a.answer.status !== 201 && a.answer.body?.code !== 'ALREADY_APPLIED').map((a) => `${a.answer.status} ${a.answer.body?.code}`)).toEqual([]);

    const applications = await scan(runtime.tableName('subsidies'), 'programmeId = :p AND sk = :app', { ':p': programmeId, ':app': 'APP' });
    const perMember = new Map<string, number>();
    for (const application of applications) perMember.set(application.userId, (perMember.get(application.userId) ?? 0) + 1);
    invariant(
      'one application per member and cycle (under faults)',
      applying.length,
      applying.filter((user) => perMember.get(subjectOf(user)) !== 1).map((user) => `${user}: ${perMember.get(subjectOf(user)) ?? 0}`),
    );

    const reviews = await Promise.all(applications.map((a) => api('POST', `/applications/${a.applicationId}/review`, 'operator', { decision: 'approve' })));
    // A review whose answer was lost, made again, finds the application already approved.
    expect(reviews.filter((r) => r.status !== 200 && r.body?.code !== 'ILLEGAL_TRANSITION' && r.body?.code !== 'APPLICATION_CHANGED').map((r) => `${r.status} ${r.body?.code}`)).toEqual([]);
    const failures: string[] = [];
    for (const application of applications) {
      const items = await partition(runtime.tableName('subsidies'), `APP#${application.applicationId}`);
      const status = items.find((item) => item.sk === 'APP')?.status;
      const approvals = items.filter((item) => String(item.sk).startsWith('EVENT#') && item.to === 'approved').length;
      if (status !== 'approved' || approvals !== 1) failures.push(`${application.applicationId}: ${status}, approved ${approvals} times`);
    }
    invariant('each application approved exactly once (under faults)', applications.length, failures);
  });

  it('activity sign-ups beyond capacity: never more seats than capacity, one place per member', async () => {
    const CAPACITY = 5;
    const startsAt = new Date(Date.now() + 48 * 3600_000);
    const activity = await api('POST', '/activities', 'gz-admin', {
      organisationId: 'gz',
      title: '故障演练运动会',
      description: '拔河。',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
      place: { kind: 'venue', address: '天河体育中心东门' },
      capacity: CAPACITY,
      offerHours: 2,
    });
    expect(activity.status, JSON.stringify(activity.body)).toBe(201);
    const activityId = activity.body.activityId as string;
    // Every member signs up, a third of them twice at once.
    const signUps = await Promise.all(members.flatMap((user, i) => (i % 3 === 0 ? [0, 1] : [0]).map(async () => ({ user, answer: await api('POST', `/activities/${activityId}/sign-up`, user) }))));
    expect(signUps.filter((s) => s.answer.status !== 201 && s.answer.body?.code !== 'ALREADY_SIGNED_UP').map((s) => `${s.answer.status} ${s.answer.body?.code}`)).toEqual([]);

    const items = await partition(runtime.tableName('activities'), `ACTIVITY#${activityId}`);
    const head = items.find((item) => item.sk === 'ACTIVITY')!;
    const places = items.filter((item) => String(item.sk).startsWith('SIGNUP#'));
    const seated = places.filter((item) => item.status === 'signed-up');
    const queued = items.filter((item) => String(item.sk).startsWith('QUEUE#'));
    invariant('seats taken ≤ capacity (under faults)', 1, seated.length > CAPACITY || head.seatsTaken > CAPACITY ? [`${seated.length} seated, seatsTaken ${head.seatsTaken}, capacity ${CAPACITY}`] : []);
    invariant('seat counter = seats held (under faults)', 1, head.seatsTaken === seated.length ? [] : [`seatsTaken ${head.seatsTaken} ≠ ${seated.length}`]);
    const inLine = new Map<string, number>();
    for (const entry of queued) inLine.set(entry.userId, (inLine.get(entry.userId) ?? 0) + 1);
    invariant('one place per member (under faults)', members.length, [
      ...members.filter((user) => !places.some((p) => p.userId === subjectOf(user))).map((user) => `${user} has no place`),
      ...[...inLine].filter(([, n]) => n > 1).map(([user, n]) => `${user} in line ${n} times`),
    ]);
    expect(seated).toHaveLength(CAPACITY);
  });

  it('payouts: each approved payout paid exactly once, none lost', async () => {
    const payouts = new DynamoPayoutStore(documents, runtime.tableName('payouts'), runtime.tableName('inbox'));
    const items: PayoutItem[] = [];
    // Six waves of five education subsidies, so several batches cross the queue.
    for (let wave = 0; wave < 6; wave++) {
      const now = new Date();
      const owed = Array.from({ length: 5 }, (_, i) => ({ ...payoutFor({ kind: 'subsidy', id: `faults-${short()}-${i}` }, `faults-payee-${short()}`, 10_000 + wave * 100 + i, now), account: DEFAULT_ACCOUNT }));
      for (const item of owed) await documents.send(new PutCommand(putPayoutItem(runtime.tableName('payouts'), item).Put));
      items.push(...owed);
      await schedule('payoutBatcher').catch(() => undefined); // a run the faults cut short is finished by the next
    }
    await until(
      'every payout is paid',
      async () => {
        await schedule('payoutBatcher').catch(() => undefined);
        await schedule('payoutReconciler').catch(() => undefined);
        const statuses = await Promise.all(items.map(async (item) => (await payouts.item(item.payoutId))?.status));
        return statuses.every((status) => status === 'paid');
      },
      90_000,
    );
    const ledger = runtime.payments!.ledger().paidFenByRecipient;
    invariant(
      'each approved payout paid exactly once, none lost (under faults)',
      items.length,
      items.filter((item) => ledger.get(item.recipient) !== item.amountFen).map((item) => `${item.recipient}: paid ${ledger.get(item.recipient) ?? 0} of ${item.amountFen}`),
    );
  }, 150_000);

  it('answered every failure 429/503 with Retry-After or a definitive answer, never a 500', () => {
    recordChecks('answers that were retried (429/503)', answers.retried, 0, { measure: true });
    invariant('no 500 under faults', answers.total, answers.serverErrors);
    invariant('429/503 carry Retry-After', answers.total, answers.withoutRetryAfter);
    invariant('every refusal a problem its route declares (under faults)', answers.total, answers.undeclared);
    // The faults did happen, of every kind, inside and outside the functions.
    for (const kind of ['dynamodb.throttle', 'dynamodb.timeout', 'dynamodb.fail', 'sqs.throttle', 'sqs.timeout', 'sqs.fail']) expect(injected.get(kind), kind).toBeGreaterThan(0);
    const delivery = runtime.queueFaultsInjected();
    expect(delivery.redeliver + delivery.duplicate + delivery.delay).toBeGreaterThan(0);
  });
});

describe('a crash and a dead letter (faults off)', () => {
  beforeAll(async () => {
    await runtime.setFaults(undefined);
  });

  async function owe(amounts: number[]): Promise<PayoutItem[]> {
    const now = new Date();
    const items = amounts.map((amountFen, i) => ({ ...payoutFor({ kind: 'subsidy', id: `crash-${short()}-${i}` }, `crash-payee-${short()}`, amountFen, now), account: DEFAULT_ACCOUNT }));
    for (const item of items) await documents.send(new PutCommand(putPayoutItem(runtime.tableName('payouts'), item).Put));
    return items;
  }

  /** `npm run dlq -- <args>` against this runtime's fauxqs: the dead letters it printed, one JSON per line. */
  const dlqCommand = (...args: string[]) =>
    new Promise<DeadLetter[]>((resolve, reject) => {
      const tsx = path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs');
      // Asynchronously: fauxqs answers from this very process.
      execFile(process.execPath, [tsx, path.join(projectRoot, 'scripts/dead-letters.ts'), ...args, '--endpoint', runtime.sqsEndpoint], { cwd: projectRoot }, (error, stdout, stderr) => {
        if (error) reject(new Error(`npm run dlq -- ${args.join(' ')}: ${stderr || error.message}`));
        else resolve(stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as DeadLetter));
      });
    });

  const payoutStore = () => new DynamoPayoutStore(documents, runtime.tableName('payouts'), runtime.tableName('inbox'));

  async function paidOnce(items: PayoutItem[], invariantName: string) {
    const store = payoutStore();
    await until('the payouts are paid', async () => {
      await schedule('payoutReconciler');
      return (await Promise.all(items.map(async (item) => (await store.item(item.payoutId))?.status === 'paid'))).every(Boolean);
    });
    const ledger = runtime.payments!.ledger().paidFenByRecipient;
    invariant(invariantName, items.length, items.filter((item) => ledger.get(item.recipient) !== item.amountFen).map((item) => `${item.recipient}: ${ledger.get(item.recipient) ?? 0}`));
  }

  it('a worker killed mid-submission: its batch comes back and nobody is paid twice', async () => {
    const payments = runtime.payments!;
    const items = await owe([20_001, 20_002, 20_003, 20_004]);
    // The provider answers slowly, so the worker that takes the batch is inside the submission when it dies.
    payments.setFaults({ latencyMs: 1_500 });
    const { batches } = (await schedule('payoutBatcher')) as { batches: string[] };
    expect(batches).toHaveLength(1);
    await until('the worker is submitting', async () => runtime.functions.state('payoutWorker').containers.some((c) => c.running), 10_000);
    await sleep(300);
    await runtime.functions.kill('payoutWorker');
    payments.setFaults({ latencyMs: 0 });
    await until('the cut-short batch is seen', async () => runtimeLog.some((line) => /^payoutWorker failed a batch.*(killed|exited)/.test(line)), 10_000);
    await paidOnce(items, 'a crash mid-batch pays nobody twice');
    expect(payments.ledger().batchIds.has(batches[0]!)).toBe(true);
  });

  it('a batch that always fails ends in the dead-letter queue; listed and replayed, it is paid once', async () => {
    const payments = runtime.payments!;
    const dlq = await localDeadLetterQueue(runtime.sqs.client, 'payoutBatches');
    const items = await owe([30_001, 30_002]);
    // The provider is down: every submission fails, every delivery of the batch's message too.
    payments.setFaults({ serverErrorRate: 1 });
    const { batches } = (await schedule('payoutBatcher')) as { batches: string[] };
    expect(batches).toHaveLength(1);
    // And a message no worker can read at all.
    const poison = JSON.stringify({ batchNo: '' });
    await runtime.sqs.client.send(new SendMessageCommand({ QueueUrl: runtime.sqs.queueUrls.payoutBatches, MessageBody: poison }));
    const batchMessage = JSON.stringify({ batchNo: batches[0] });
    const dead = await until(
      'both messages are dead-lettered',
      async () => {
        const letters = await listDeadLetters(runtime.sqs.client, dlq);
        return [batchMessage, poison].every((body) => letters.some((letter) => letter.body === body)) && letters;
      },
      60_000,
    );
    const ours = dead.filter((letter) => letter.body === batchMessage || letter.body === poison);
    expect(ours).toHaveLength(2);
    expect(ours.every((letter) => letter.receiveCount >= 3)).toBe(true);
    expect(payments.ledger().batchIds.has(batches[0]!)).toBe(false);
    recordChecks('a message that always fails is dead-lettered', 2, 0);

    // The operator's command, as run from a shell (against this runtime's fauxqs): listing leaves
    // them there, and so does a dry run.
    const listed = await dlqCommand('list', 'payoutBatches');
    expect(listed.map((letter) => letter.body)).toEqual(expect.arrayContaining([batchMessage, poison]));
    expect(await dlqCommand('replay', 'payoutBatches', '--dry-run')).toHaveLength(listed.length);
    expect(await listDeadLetters(runtime.sqs.client, dlq)).toHaveLength(listed.length);

    // The provider is back: replayed, the batch is consumed and paid once.
    payments.setFaults({ serverErrorRate: 0 });
    const replayed = await dlqCommand('replay', 'payoutBatches');
    expect(replayed.map((letter) => letter.body)).toEqual(expect.arrayContaining([batchMessage, poison]));
    await paidOnce(items, 'a replayed dead letter is paid once');
    expect(payments.ledger().batchIds.has(batches[0]!)).toBe(true);
    // The poison message is still failing (it will be dead-lettered again); nothing of the batch is left.
    expect(await listDeadLetters(runtime.sqs.client, dlq).then((letters) => letters.map((letter) => letter.body))).not.toContain(batchMessage);
  });
});
