/**
 * Activities over HTTP through the whole local runtime: an admin creates one for part of her
 * city; members of that part see it (soonest first, paged) and fill it, one cancels, the next in
 * line is offered the seat (a notice in her inbox) and accepts, and check-in by signed QR code
 * works once; an offer left unanswered lapses by the schedule and passes on; closing and
 * cancelling reach everyone through the inbox (the queue's worker). An admin of another city
 * neither sees nor manages it, members outside its audience do not see it.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../../local/demo';
import { activityIn, signUp } from '../support/activities';
import { call } from '../support/api';
import { localDynamo } from '../support/local-aws';
import { gigWorker, memberOf } from '../support/scenario';
import { eventually, runSchedule } from '../support/schedules';

const hour = 3600_000;
const { documents } = localDynamo();

/** A member's notices, read straight from the inbox table, and her unread count. */
async function inboxOf(user: string) {
  const { Items = [] } = await documents.send(
    new QueryCommand({ TableName: 'inbox', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `USER#${subjectOf(user)}` }, ConsistentRead: true }),
  );
  return {
    notices: Items.filter((item) => (item.sk as string).startsWith('NOTICE#')) as { kind: string; noticeId: string; facts: Record<string, unknown> }[],
    unread: (Items.find((item) => item.sk === 'UNREAD')?.unread as number | undefined) ?? 0,
  };
}

const mine = async (user: string, activityId: string, when = 'upcoming') => {
  const response = await call('GET', `/me/activities?when=${when}`, { user });
  expect(response.status).toBe(200);
  return (response.body.items as { activityId: string; status: string; position?: number; offerExpiresAt?: string; activityStatus: string }[]).find((item) => item.activityId === activityId);
};

const openTo = async (user: string) => {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const response = await call('GET', `/activities?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { user });
    expect(response.status).toBe(200);
    ids.push(...response.body.items.map((item: { activityId: string }) => item.activityId));
    cursor = response.body.cursor;
  } while (cursor);
  return ids;
};

let m1: string, m2: string, m3: string, cityGigWorker: string, shenzhen: string;

beforeAll(async () => {
  [m1, m2, m3] = await Promise.all([memberOf('gz-metro', { verified: false }), memberOf('gz-metro', { verified: false }), memberOf('gz-metro', { verified: false })]);
  cityGigWorker = (await gigWorker('gz', 'ride-hailing')).user;
  shenzhen = (await gigWorker('sz', 'courier')).user;
}, 120_000);

describe('an activity from creation to check-in', () => {
  it('is seen by its audience only, fills, passes a cancelled seat to the next in line, and checks in once', async () => {
    // 1. The Guangzhou admin makes it for Tianhe district (gz-metro lies under it); it starts in an hour.
    const activity = await activityIn('gz-admin', 'gz', { capacity: 2, startsInMs: hour, audience: { organisationId: 'gz-tianhe' } });
    const id = activity.activityId;

    // 2. Who sees it: Tianhe's members; not a Guangzhou gig worker outside Tianhe, not Shenzhen, not Shenzhen's admin.
    expect(await openTo(m1)).toContain(id);
    expect(await openTo(cityGigWorker)).not.toContain(id);
    expect(await openTo(shenzhen)).not.toContain(id);
    for (const user of [cityGigWorker, shenzhen, 'sz-admin']) {
      expect((await call('GET', `/activities/${id}`, { user })).body).toMatchObject({ status: 404, code: 'ACTIVITY_NOT_FOUND' });
    }
    expect((await call('POST', `/activities/${id}/sign-up`, { user: cityGigWorker })).body.code).toBe('ACTIVITY_NOT_FOUND');
    expect((await call('GET', `/activities/${id}`, { user: 'gz-admin' })).status).toBe(200);
    expect((await call('GET', `/activities/${id}`, { user: m1 })).status).toBe(200);

    // 3. Two seats, three members: the third waits, first in line. A retry with the same key answers the first answer.
    const first = await call('POST', `/activities/${id}/sign-up`, { user: m1, headers: { 'idempotency-key': `signup-${id}` } });
    expect(first).toMatchObject({ status: 201, body: { status: 'signed-up' } });
    expect((await call('POST', `/activities/${id}/sign-up`, { user: m1, headers: { 'idempotency-key': `signup-${id}` } })).body).toEqual(first.body);
    expect((await call('POST', `/activities/${id}/sign-up`, { user: m1 })).body).toMatchObject({ status: 409, code: 'ALREADY_SIGNED_UP' });
    await signUp(m2, id);
    expect(await signUp(m3, id, 'waiting')).toMatchObject({ position: 1 });
    expect(await mine(m3, id)).toMatchObject({ status: 'waiting', position: 1, activityStatus: 'open' });
    expect((await call('GET', `/activities/${id}`, { user: m1 })).body).toMatchObject({ capacity: 2, seatsTaken: 2, waiting: 1 });

    // 4. One cancels: the seat is offered to the first in line at once, with a notice in her inbox.
    expect((await call('DELETE', `/activities/${id}/sign-up`, { user: m1 })).body).toMatchObject({ status: 'cancelled' });
    const offered = await mine(m3, id);
    expect(offered).toMatchObject({ status: 'offered' });
    expect(Date.parse(offered!.offerExpiresAt!)).toBeLessThanOrEqual(Date.parse(activity.startsAt));
    const inbox = await inboxOf(m3);
    expect(inbox.notices).toEqual([expect.objectContaining({ kind: 'waitlist-offer', noticeId: `offer#${id}#${subjectOf(m3)}#1`, facts: expect.objectContaining({ activityId: id }) })]);
    expect(inbox.unread).toBe(1);

    // 5. She accepts; the organiser's lists show who holds a seat and who cancelled.
    expect((await call('POST', `/activities/${id}/offer`, { user: m3, body: { decision: 'accept' } })).body).toMatchObject({ status: 'signed-up' });
    const seats = await call('GET', `/activities/${id}/sign-ups?status=signed-up`, { user: 'gz-admin' });
    expect(seats.body.items.map((s: { userId: string }) => s.userId).sort()).toEqual([subjectOf(m2), subjectOf(m3)].sort());
    expect((await call('GET', `/activities/${id}/sign-ups?status=cancelled`, { user: 'gd-admin' })).body.items).toEqual([expect.objectContaining({ userId: subjectOf(m1) })]);
    expect((await call('GET', `/activities/${id}/sign-ups?status=waiting`, { user: 'gz-admin' })).body.items).toEqual([]);

    // 6. Check-in: her code, scanned by the organiser's admin, once; a repeat answers the first.
    const { code } = (await call('GET', `/activities/${id}/check-in-code`, { user: m3 })).body;
    expect((await call('GET', `/activities/${id}/check-in-code`, { user: m1 })).body.code).toBe('NOT_SIGNED_UP');
    const checkedIn = await call('POST', `/activities/${id}/check-ins`, { user: 'gz-admin', body: { code }, headers: { 'idempotency-key': `scan-${id}-1` } });
    expect(checkedIn).toMatchObject({ status: 201, body: { userId: subjectOf(m3), status: 'checked-in' } });
    const again = await call('POST', `/activities/${id}/check-ins`, { user: 'gz-admin', body: { code }, headers: { 'idempotency-key': `scan-${id}-2` } });
    expect(again).toMatchObject({ status: 200, body: { checkedInAt: checkedIn.body.checkedInAt } });
    expect((await call('POST', `/activities/${id}/check-ins`, { user: 'sz-admin', body: { code } })).body).toMatchObject({ status: 404, code: 'ACTIVITY_NOT_FOUND' });
    const [payload, signature] = (code as string).split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), u: subjectOf(m2) })).toString('base64url')}.${signature}`;
    expect((await call('POST', `/activities/${id}/check-ins`, { user: 'gz-admin', body: { code: forged } })).body).toMatchObject({ status: 400, code: 'CHECK_IN_CODE_INVALID' });
    const elsewhere = await activityIn('gz-admin', 'gz');
    expect((await call('POST', `/activities/${elsewhere.activityId}/check-ins`, { user: 'gz-admin', body: { code } })).body).toMatchObject({ status: 409, code: 'CHECK_IN_WRONG_ACTIVITY' });
    // A scan the admin's phone uploads late keeps its scan time.
    const m2Code = (await call('GET', `/activities/${id}/check-in-code`, { user: m2 })).body.code;
    const scannedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    expect((await call('POST', `/activities/${id}/check-ins`, { user: 'gz-admin', body: { code: m2Code, scannedAt } })).body).toMatchObject({ status: 'checked-in', checkedInAt: scannedAt });
    expect((await call('GET', `/activities/${id}/sign-ups?status=checked-in`, { user: 'gz-admin' })).body.items).toHaveLength(2);
    expect((await call('DELETE', `/activities/${id}/sign-up`, { user: m3 })).body.code).toBe('ALREADY_CHECKED_IN');
    expect(await mine(m3, id)).toMatchObject({ status: 'checked-in' });

    // 7. Shenzhen's admin cannot manage it or list Guangzhou's activities; Guangzhou's and the province's can.
    expect((await call('GET', `/activities/${id}/sign-ups`, { user: 'sz-admin' })).body.code).toBe('ACTIVITY_NOT_FOUND');
    expect((await call('POST', `/activities/${id}/close`, { user: 'sz-admin', body: { reason: '不是我的活动' } })).body.code).toBe('ACTIVITY_NOT_FOUND');
    expect((await call('GET', '/organisations/gz/activities', { user: 'sz-admin' })).body.code).toBe('NOT_IN_SCOPE');
    expect((await call('POST', '/activities', { user: 'sz-admin', body: { organisationId: 'gz', title: '越界', description: '-', startsAt: activity.startsAt, endsAt: activity.endsAt, place: { kind: 'online', url: 'https://example.cn/live' }, capacity: 5 } })).body.code).toBe('NOT_IN_SCOPE');
    for (const admin of ['gz-admin', 'gd-admin']) {
      const listed: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call('GET', `/organisations/gz/activities?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { user: admin });
        listed.push(...page.body.items.map((item: { activityId: string }) => item.activityId));
        cursor = page.body.cursor;
      } while (cursor);
      expect(listed).toContain(id);
    }
  });
});

describe('what members see', () => {
  it('lists soonest first across her union and the unions above it, page by page; filters by industry, verification and gig work', async () => {
    const later = await activityIn('gz-admin', 'gz-tianhe', { startsInMs: 72 * hour, title: '后天的活动' });
    const sooner = await activityIn('gd-admin', 'gd', { startsInMs: 30 * hour, title: '省总的活动' });
    const soonest = await activityIn('gz-admin', 'gz', { startsInMs: 26 * hour, title: '市总的活动' });
    const forGigWorkers = await activityIn('gz-admin', 'gz', { audience: { gigWorkersOnly: true } });
    const forVerified = await activityIn('gz-admin', 'gz', { audience: { verifiedOnly: true } });
    const forCouriers = await activityIn('gz-admin', 'gz', { audience: { industries: ['courier'] } });

    const seen = await openTo(m1);
    expect(seen.filter((id) => [later, sooner, soonest].some((a) => a.activityId === id))).toEqual([soonest.activityId, sooner.activityId, later.activityId]);
    expect(seen).not.toContain(forGigWorkers.activityId);
    expect(seen).not.toContain(forVerified.activityId);
    expect(seen).not.toContain(forCouriers.activityId);
    const gigSeen = await openTo(cityGigWorker);
    expect(gigSeen).toContain(forGigWorkers.activityId);
    expect(gigSeen).toContain(forVerified.activityId);
    expect(gigSeen).not.toContain(later.activityId);

    // Every page soonest first, one after the other; a cursor of another list is refused.
    const starts: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('GET', `/activities?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { user: m1 });
      starts.push(...page.body.items.map((item: { startsAt: string }) => item.startsAt));
      cursor = page.body.cursor;
    } while (cursor);
    expect(starts).toEqual([...starts].sort());
    const foreign = (await call('GET', '/organisations/gz/activities?limit=1', { user: 'gz-admin' })).body.cursor;
    expect((await call('GET', `/activities?cursor=${foreign}`, { user: m1 })).body).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    expect((await call('GET', `/activities/${randomUUID()}`, { user: m1 })).body.code).toBe('ACTIVITY_NOT_FOUND');
  });
});

describe('offers lapse, activities close and are cancelled', () => {
  it('lapses an unanswered offer by the schedule and passes it on; cancelling tells everyone through the inbox', async () => {
    const { activityId: id } = await activityIn('gz-admin', 'gz', { capacity: 1, offerHours: 1 });
    await signUp(m1, id);
    await signUp(m2, id, 'waiting');
    await signUp(m3, id, 'waiting');
    expect((await call('DELETE', `/activities/${id}/sign-up`, { user: m1 })).status).toBe(200);
    expect(await mine(m2, id)).toMatchObject({ status: 'offered' });

    // Two hours on, the sweep lapses m2's offer; the seat passes to m3.
    // (Offers other test files left open lapse too: the runtime is shared.)
    const swept = (await runSchedule('activityOfferSweep', new Date(Date.now() + 2 * hour))) as { result: { lapsed: number } };
    expect(swept.result.lapsed).toBeGreaterThanOrEqual(1);
    expect(await mine(m2, id)).toMatchObject({ status: 'lapsed' });
    expect(await mine(m3, id)).toMatchObject({ status: 'offered' });
    expect((await call('POST', `/activities/${id}/offer`, { user: m2, body: { decision: 'accept' } })).body).toMatchObject({ status: 410, code: 'OFFER_LAPSED' });
    expect((await call('POST', `/activities/${id}/offer`, { user: m3, body: { decision: 'accept' } })).body).toMatchObject({ status: 'signed-up' });
    expect((await inboxOf(m3)).notices.filter((n) => n.facts.activityId === id).map((n) => n.kind)).toEqual(['waitlist-offer']);

    // Cancelled: m3 (holding the seat) is told and her place is cancelled; the others had ended theirs.
    const cancelled = await call('POST', `/activities/${id}/cancel`, { user: 'gz-admin', body: { reason: '受台风影响，活动取消。' } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: '受台风影响，活动取消。' });
    const told = await eventually(async () => (await inboxOf(m3)).notices.find((n) => n.kind === 'activity-cancelled' && n.facts.activityId === id));
    expect(told.facts).toMatchObject({ was: 'signed-up', now: 'cancelled' });
    expect(await mine(m3, id)).toMatchObject({ status: 'cancelled', activityStatus: 'cancelled' });
    expect((await inboxOf(m1)).notices.filter((n) => n.facts.activityId === id)).toEqual([]);
    expect((await call('POST', `/activities/${id}/sign-up`, { user: cityGigWorker })).body.code).toBe('ACTIVITY_CANCELLED');
    expect((await call('POST', `/activities/${id}/close`, { user: 'gz-admin', body: { reason: '-' } })).body.code).toBe('ACTIVITY_STATE');
  });

  it('closing keeps the seats, ends the waiting list and tells both, once even when asked twice', async () => {
    const { activityId: id } = await activityIn('gz-admin', 'gz', { capacity: 1 });
    await signUp(m1, id);
    await signUp(m2, id, 'waiting');
    for (const key of ['close-1', 'close-2']) {
      const closed = await call('POST', `/activities/${id}/close`, { user: 'gz-admin', body: { reason: '报名已满' }, headers: { 'idempotency-key': `${key}-${id}` } });
      expect(closed).toMatchObject({ status: 200, body: { status: 'closed' } });
    }
    await eventually(async () => (await mine(m2, id))?.status === 'not-admitted');
    expect(await mine(m1, id)).toMatchObject({ status: 'signed-up', activityStatus: 'closed' });
    for (const user of [m1, m2]) {
      const notices = await eventually(async () => {
        const found = (await inboxOf(user)).notices.filter((n) => n.kind === 'activity-closed' && n.facts.activityId === id);
        return found.length > 0 ? found : undefined;
      });
      expect(notices).toHaveLength(1);
    }
    expect((await call('POST', `/activities/${id}/sign-up`, { user: m3 })).body.code).toBe('SIGN_UP_CLOSED');
    expect((await call('GET', `/activities/${id}/sign-ups?status=not-admitted`, { user: 'gz-admin' })).body.items).toEqual([expect.objectContaining({ userId: subjectOf(m2) })]);
  });
});
