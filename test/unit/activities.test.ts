/**
 * The activity rules with fakes, no database: who an activity is for, the sign-up window, an
 * offer's deadline, a scan's time, the moves a member's place may make, the check-in code, the
 * merged listing — and the use cases over an in-memory store that keeps the port's promises
 * (a seat only while one is free and no one waits; a line in ticket order).
 */
import { describe, expect, it } from 'vitest';
import type { Account, MemberProfile } from '../../shared/accounts/account';
import { activitiesOpenTo, cancelSignUp, decideOffer, lapseDueOffers, signUpFor } from '../../shared/activities/activities';
import {
  activityProblems,
  audienceRefusal,
  canMove,
  offerDeadline,
  offerOpen,
  scanTimeRefusal,
  signUpWindow,
  type Activity,
  type Audience,
  type MemberStanding,
  type SignUp,
} from '../../shared/activities/activity';
import type { ActivityStore, SeatWrite, WaitingEntry } from '../../shared/activities/activity-store';
import { readCheckInCode, signCheckInCode } from '../../shared/activities/check-in-code';
import type { Notice } from '../../shared/inbox/notice';
import type { Organisation } from '../../shared/organisations/organisation';
import type { OrganisationReader } from '../../shared/organisations/organisation-store';

const now = new Date('2026-05-01T02:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const hour = 3600_000;

const profile = (changes: Partial<MemberProfile> = {}): MemberProfile => ({
  userId: 'u1',
  name: '李四',
  phoneHash: 'h',
  phoneMasked: '138****0000',
  industry: 'courier',
  verified: true,
  registeredAt: now.toISOString(),
  membership: { organisationId: 'club', orgPath: 'gd/gz/club/', since: now.toISOString() },
  ...changes,
});
const chain: MemberStanding['chain'] = [
  { id: 'gd', kind: 'province' },
  { id: 'gz', kind: 'city' },
  { id: 'club', kind: 'grassroots' },
];
const audience = (changes: Partial<Audience> = {}): Audience => ({ organisationId: 'gz', industries: [], verifiedOnly: false, gigWorkersOnly: false, ...changes });

describe('who an activity is for', () => {
  it('takes members of unions under its audience union, and only those', () => {
    expect(audienceRefusal(audience(), { profile: profile(), chain }, now)).toBeUndefined();
    expect(audienceRefusal(audience({ organisationId: 'club' }), { profile: profile(), chain }, now)).toBeUndefined();
    expect(audienceRefusal(audience({ organisationId: 'sz' }), { profile: profile(), chain }, now)).toMatch(/another organisation/);
  });

  it('filters by the industry in effect today (a change counts from its day), verification and gig work', () => {
    const couriers = audience({ industries: ['courier'] });
    expect(audienceRefusal(couriers, { profile: profile(), chain }, now)).toBeUndefined();
    expect(audienceRefusal(couriers, { profile: profile({ industry: 'other' }), chain }, now)).toMatch(/courier/);
    const switching = profile({ industry: 'other', industryChange: { industry: 'courier', effectiveFrom: '2026-05-02' } });
    expect(audienceRefusal(couriers, { profile: switching, chain }, now)).toMatch(/courier/);
    expect(audienceRefusal(couriers, { profile: switching, chain }, later(24 * hour))).toBeUndefined();
    expect(audienceRefusal(audience({ verifiedOnly: true }), { profile: profile({ verified: false }), chain }, now)).toMatch(/verified/);
    expect(audienceRefusal(audience({ gigWorkersOnly: true }), { profile: profile(), chain }, now)).toMatch(/gig workers/);
    const federation = [...chain.slice(0, 2), { id: 'gz-couriers', kind: 'industry-federation' as const }, { id: 'station-7', kind: 'grassroots' as const }];
    expect(audienceRefusal(audience({ gigWorkersOnly: true }), { profile: profile(), chain: federation }, now)).toBeUndefined();
  });
});

describe('windows and deadlines', () => {
  const activity = { signUpOpensAt: later(hour).toISOString(), signUpClosesAt: later(10 * hour).toISOString(), startsAt: later(12 * hour).toISOString(), endsAt: later(14 * hour).toISOString(), offerHours: 4 };

  it('opens sign-up at its opening and shuts it at its end or the start, whichever is first', () => {
    expect(signUpWindow(activity, now)).toBe('not-open-yet');
    expect(signUpWindow(activity, later(hour))).toBe('open');
    expect(signUpWindow(activity, later(10 * hour))).toBe('closed');
    expect(signUpWindow({ ...activity, signUpClosesAt: later(20 * hour).toISOString() }, later(12 * hour))).toBe('closed');
  });

  it('holds an offer for the activity’s hours but never past the start, and counts it open until then, exclusive', () => {
    expect(offerDeadline(activity, now)).toBe(later(4 * hour).toISOString());
    expect(offerDeadline(activity, later(10 * hour))).toBe(activity.startsAt);
    const offer = { status: 'offered' as const, offerExpiresAt: later(4 * hour).toISOString() };
    expect(offerOpen(offer, later(4 * hour - 1))).toBe(true);
    expect(offerOpen(offer, later(4 * hour))).toBe(false);
    expect(offerOpen({ ...offer, status: 'waiting' }, now)).toBe(false);
  });

  it('takes scans from two hours before the start until the end, not from the future (five minutes of clock skew allowed)', () => {
    expect(scanTimeRefusal(activity, later(10 * hour), later(10 * hour))).toBeUndefined();
    expect(scanTimeRefusal(activity, later(9 * hour), later(9 * hour))).toMatch(/two hours before/);
    expect(scanTimeRefusal(activity, later(15 * hour), later(15 * hour))).toMatch(/after the end/);
    // A late upload keeps its scan time.
    expect(scanTimeRefusal(activity, later(13 * hour), later(40 * hour))).toBeUndefined();
    expect(scanTimeRefusal(activity, later(11 * hour + 4 * 60_000), later(11 * hour))).toBeUndefined();
    expect(scanTimeRefusal(activity, later(11 * hour + 6 * 60_000), later(11 * hour))).toMatch(/future/);
  });

  it('refuses a definition field by field', () => {
    expect(activityProblems({ ...activity, signUpOpensAt: now.toISOString() }, now)).toEqual([]);
    const fields = activityProblems({ startsAt: later(-hour).toISOString(), endsAt: later(-2 * hour).toISOString(), signUpOpensAt: now.toISOString(), signUpClosesAt: later(hour).toISOString() }, now).map((p) => p.field);
    expect(fields).toEqual(['body.startsAt', 'body.endsAt', 'body.signUpClosesAt']);
  });
});

describe("a member's place", () => {
  it('moves only along the allowed transitions', () => {
    expect(canMove(undefined, 'signed-up')).toBe(true);
    expect(canMove(undefined, 'offered')).toBe(false);
    expect(canMove('waiting', 'offered')).toBe(true);
    expect(canMove('waiting', 'signed-up')).toBe(false);
    expect(canMove('offered', 'signed-up')).toBe(true);
    expect(canMove('offered', 'lapsed')).toBe(true);
    expect(canMove('signed-up', 'checked-in')).toBe(true);
    expect(canMove('checked-in', 'cancelled')).toBe(false);
    expect(canMove('lapsed', 'waiting')).toBe(true);
    expect(canMove('cancelled', 'offered')).toBe(false);
  });
});

describe('the check-in code', () => {
  const key = 'x'.repeat(64);
  it('names its member and activity, and nothing else reads as a code', () => {
    const code = signCheckInCode(key, { activityId: 'a1', userId: 'u1' });
    expect(readCheckInCode(key, code)).toEqual({ activityId: 'a1', userId: 'u1' });
    expect(signCheckInCode(key, { activityId: 'a1', userId: 'u1' })).toBe(code);
    expect(readCheckInCode('y'.repeat(64), code)).toBeUndefined();
    const [, signature] = code.split('.');
    const altered = Buffer.from(JSON.stringify({ a: 'a1', u: 'u2', v: 1 })).toString('base64url');
    expect(readCheckInCode(key, `${altered}.${signature}`)).toBeUndefined();
    for (const junk of ['', '.', 'abc', `${code}.x`, code.slice(0, -1)]) expect(readCheckInCode(key, junk)).toBeUndefined();
  });
});

// ——— The use cases over an in-memory store ———

const notUsed = async (): Promise<never> => {
  throw new Error('not used');
};

class MemoryActivities implements ActivityStore {
  activities = new Map<string, Activity>();
  places = new Map<string, SignUp>();
  line = new Map<string, WaitingEntry[]>();
  tickets = new Map<string, number>();
  notices: Notice[] = [];
  private key = (activityId: string, userId: string) => `${activityId}#${userId}`;
  private sameAs(from: SignUp) {
    const stored = this.places.get(this.key(from.activityId, from.userId));
    return stored?.status === from.status && stored.version === from.version;
  }
  private lineOf(activityId: string) {
    return this.line.get(activityId) ?? [];
  }
  async create(activity: Activity) {
    this.activities.set(activity.activityId, { ...activity });
  }
  async get(id: string) {
    const activity = this.activities.get(id);
    return activity && { ...activity };
  }
  async getMany(ids: string[]) {
    return ids.flatMap((id) => (this.activities.has(id) ? [{ ...this.activities.get(id)! }] : []));
  }
  async byAudience(organisationId: string, after: string, limit: number) {
    const all = [...this.activities.values()].filter((a) => a.audience.organisationId === organisationId && `${a.startsAt}#${a.activityId}` > after).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return { items: all.slice(0, limit), more: all.length > limit };
  }
  underPath = notUsed;
  async signUp(activityId: string, userId: string) {
    const place = this.places.get(this.key(activityId, userId));
    return place && { ...place };
  }
  byMember = notUsed;
  roster = notUsed;
  signUps = notUsed;
  async waitingAhead(activityId: string, ticket: number) {
    return this.lineOf(activityId).filter((entry) => entry.ticket < ticket).length;
  }
  async firstWaiting(activityId: string) {
    return this.lineOf(activityId)[0];
  }
  async nextTicket(activityId: string) {
    const next = (this.tickets.get(activityId) ?? 0) + 1;
    this.tickets.set(activityId, next);
    return next;
  }
  async dueOffers(at: string) {
    return [...this.places.values()].filter((p) => p.status === 'offered' && p.offerExpiresAt! <= at).map((p) => ({ activityId: p.activityId, userId: p.userId }));
  }
  private put(place: SignUp) {
    this.places.set(this.key(place.activityId, place.userId), { ...place });
  }
  async takeSeat(signUp: SignUp, previous: SignUp | undefined): Promise<SeatWrite> {
    const activity = this.activities.get(signUp.activityId)!;
    if (previous ? !this.sameAs(previous) : this.places.has(this.key(signUp.activityId, signUp.userId))) return 'changed';
    if (activity.status !== 'open') return 'not-open';
    if (activity.seatsTaken >= activity.capacity || activity.waiting > 0) return 'full';
    activity.seatsTaken++;
    this.put(signUp);
    return 'done';
  }
  async joinWaitingList(signUp: SignUp, previous: SignUp | undefined): Promise<SeatWrite> {
    const activity = this.activities.get(signUp.activityId)!;
    if (previous ? !this.sameAs(previous) : this.places.has(this.key(signUp.activityId, signUp.userId))) return 'changed';
    if (activity.status !== 'open') return 'not-open';
    if (activity.seatsTaken < activity.capacity && activity.waiting === 0) return 'seat-free';
    activity.waiting++;
    this.put(signUp);
    this.line.set(signUp.activityId, [...this.lineOf(signUp.activityId), { userId: signUp.userId, ticket: signUp.ticket! }].sort((a, b) => a.ticket - b.ticket));
    return 'done';
  }
  async passSeat(from: SignUp, to: SignUp['status'], at: string, next: WaitingEntry, offer: { offerNo: number; expiresAt: string; notice: Notice }): Promise<SeatWrite> {
    const activity = this.activities.get(from.activityId)!;
    if (!this.sameAs(from)) return 'changed';
    const waiting = this.places.get(this.key(from.activityId, next.userId));
    if (waiting?.status !== 'waiting' || waiting.ticket !== next.ticket) return 'next-changed';
    if (activity.status !== 'open') return 'not-open';
    this.put({ ...from, status: to, updatedAt: at, version: from.version + 1 });
    this.put({ ...waiting, status: 'offered', offerNo: offer.offerNo, offerExpiresAt: offer.expiresAt, updatedAt: at, version: waiting.version + 1 });
    this.line.set(from.activityId, this.lineOf(from.activityId).filter((entry) => entry.ticket !== next.ticket));
    activity.waiting--;
    this.notices.push(offer.notice);
    return 'done';
  }
  async freeSeat(from: SignUp, to: SignUp['status'], at: string, noOneWaiting: boolean): Promise<SeatWrite> {
    const activity = this.activities.get(from.activityId)!;
    if (!this.sameAs(from)) return 'changed';
    if (noOneWaiting && activity.waiting > 0) return 'waiting-changed';
    this.put({ ...from, status: to, updatedAt: at, version: from.version + 1 });
    activity.seatsTaken--;
    return 'done';
  }
  async leaveWaitingList(from: SignUp, at: string): Promise<SeatWrite> {
    if (!this.sameAs(from)) return 'changed';
    this.put({ ...from, status: 'left', updatedAt: at, version: from.version + 1 });
    this.line.set(from.activityId, this.lineOf(from.activityId).filter((entry) => entry.ticket !== from.ticket));
    this.activities.get(from.activityId)!.waiting--;
    return 'done';
  }
  async acceptOffer(from: SignUp, at: string): Promise<SeatWrite> {
    if (!this.sameAs(from) || !(from.offerExpiresAt! > at)) return 'changed';
    if (this.activities.get(from.activityId)!.status === 'cancelled') return 'not-open';
    this.put({ ...from, status: 'signed-up', updatedAt: at, version: from.version + 1 });
    return 'done';
  }
  checkIn = notUsed;
  setStatus = notUsed;
  tellMember = notUsed;
}

const orgs: OrganisationReader = (() => {
  const tree: Organisation[] = [
    { id: 'gd', name: '省', kind: 'province', path: 'gd/', status: 'active', autoApprove: false, memberCount: 0, childCount: 1, createdAt: '' },
    { id: 'gz', name: '市', kind: 'city', parentId: 'gd', path: 'gd/gz/', status: 'active', autoApprove: false, memberCount: 0, childCount: 1, createdAt: '' },
    { id: 'club', name: '俱乐部', kind: 'grassroots', parentId: 'gz', path: 'gd/gz/club/', status: 'active', autoApprove: true, memberCount: 0, childCount: 0, createdAt: '' },
  ];
  return { get: async (id) => tree.find((o) => o.id === id), getMany: async (ids) => tree.filter((o) => ids.includes(o.id)) };
})();

const memberCalled = (userId: string): Account => ({ userId, grants: [], member: profile({ userId, name: userId }) });

function storeWith(capacity: number, changes: Partial<Activity> = {}) {
  const store = new MemoryActivities();
  const activity: Activity = {
    activityId: 'act-1',
    organisationId: 'gz',
    organisationPath: 'gd/gz/',
    title: '职工读书会',
    description: '-',
    startsAt: later(48 * hour).toISOString(),
    endsAt: later(50 * hour).toISOString(),
    place: { kind: 'online', url: 'https://example.cn/live' },
    capacity,
    signUpOpensAt: now.toISOString(),
    signUpClosesAt: later(48 * hour).toISOString(),
    offerHours: 2,
    audience: audience(),
    status: 'open',
    seatsTaken: 0,
    waiting: 0,
    checkedIn: 0,
    createdBy: 'admin',
    createdAt: now.toISOString(),
    ...changes,
  };
  void store.create(activity);
  return { store, deps: { activities: store, orgs } };
}

describe('signing up, cancelling, offers and lapses (in-memory store)', () => {
  it('seats the first, lines up the rest in order, and passes a freed seat down the line', async () => {
    const { store, deps } = storeWith(1);
    expect(await signUpFor(deps, memberCalled('a'), 'act-1', now)).toMatchObject({ status: 'signed-up' });
    expect(await signUpFor(deps, memberCalled('b'), 'act-1', now)).toMatchObject({ status: 'waiting', position: 1 });
    expect(await signUpFor(deps, memberCalled('c'), 'act-1', now)).toMatchObject({ status: 'waiting', position: 2 });
    await expect(signUpFor(deps, memberCalled('b'), 'act-1', now)).rejects.toMatchObject({ code: 'ALREADY_SIGNED_UP' });

    expect(await cancelSignUp(deps, memberCalled('a'), 'act-1', now)).toMatchObject({ status: 'cancelled' });
    expect(await store.signUp('act-1', 'b')).toMatchObject({ status: 'offered', offerNo: 1, offerExpiresAt: later(2 * hour).toISOString() });
    expect(store.notices).toEqual([expect.objectContaining({ userId: 'b', kind: 'waitlist-offer', noticeId: 'offer#act-1#b#1' })]);

    // b declines: the seat goes to c; c lets it lapse: nobody waits, the seat is free again.
    expect(await decideOffer(deps, memberCalled('b'), 'act-1', 'decline', later(hour))).toMatchObject({ status: 'declined' });
    expect(await store.signUp('act-1', 'c')).toMatchObject({ status: 'offered' });
    expect(await lapseDueOffers(deps, later(4 * hour))).toEqual({ lapsed: 1, skipped: 0 });
    expect(await store.signUp('act-1', 'c')).toMatchObject({ status: 'lapsed' });
    await expect(decideOffer(deps, memberCalled('c'), 'act-1', 'accept', later(4 * hour))).rejects.toMatchObject({ code: 'OFFER_LAPSED' });
    expect(await store.get('act-1')).toMatchObject({ seatsTaken: 0, waiting: 0 });

    // An ended place begins again; its next offer has the next number.
    expect(await signUpFor(deps, memberCalled('a'), 'act-1', later(5 * hour))).toMatchObject({ status: 'signed-up' });
    expect(await signUpFor(deps, memberCalled('b'), 'act-1', later(5 * hour))).toMatchObject({ status: 'waiting', position: 1 });
    await cancelSignUp(deps, memberCalled('a'), 'act-1', later(5 * hour));
    expect(store.notices.at(-1)).toMatchObject({ noticeId: 'offer#act-1#b#2' });
    expect(await decideOffer(deps, memberCalled('b'), 'act-1', 'accept', later(6 * hour))).toMatchObject({ status: 'signed-up' });
  });

  it('refuses outside the window, outside the audience, and after closing', async () => {
    await expect(signUpFor(storeWith(5, { signUpOpensAt: later(hour).toISOString() }).deps, memberCalled('a'), 'act-1', now)).rejects.toMatchObject({ code: 'SIGN_UP_NOT_OPEN' });
    await expect(signUpFor(storeWith(5).deps, memberCalled('a'), 'act-1', later(48 * hour))).rejects.toMatchObject({ code: 'SIGN_UP_CLOSED' });
    await expect(signUpFor(storeWith(5, { status: 'closed' }).deps, memberCalled('a'), 'act-1', now)).rejects.toMatchObject({ code: 'SIGN_UP_CLOSED' });
    await expect(signUpFor(storeWith(5, { status: 'cancelled' }).deps, memberCalled('a'), 'act-1', now)).rejects.toMatchObject({ code: 'ACTIVITY_CANCELLED' });
    await expect(signUpFor(storeWith(5, { audience: audience({ organisationId: 'sz' }) }).deps, memberCalled('a'), 'act-1', now)).rejects.toMatchObject({ code: 'ACTIVITY_NOT_FOUND' });
    const stranger: Account = { userId: 'x', grants: [], member: profile({ membership: undefined }) };
    await expect(signUpFor(storeWith(5).deps, stranger, 'act-1', now)).rejects.toMatchObject({ code: 'ACTIVITY_NOT_FOUND' });
  });

  it('lists what is open to the member, leaving out the cancelled and what is not for her', async () => {
    const { store, deps } = storeWith(5);
    await store.create({ ...(await store.get('act-1'))!, activityId: 'act-2', startsAt: later(24 * hour).toISOString(), audience: audience({ organisationId: 'gd' }) });
    await store.create({ ...(await store.get('act-1'))!, activityId: 'act-3', status: 'cancelled' });
    await store.create({ ...(await store.get('act-1'))!, activityId: 'act-4', audience: audience({ verifiedOnly: true }) });
    const page = await activitiesOpenTo(deps, memberCalled('a'), { limit: 10 }, now);
    expect(page.items.map((a) => a.activityId)).toEqual(['act-2', 'act-1', 'act-4']);
    const unverified: Account = { userId: 'u', grants: [], member: profile({ verified: false }) };
    expect((await activitiesOpenTo(deps, unverified, { limit: 10 }, now)).items.map((a) => a.activityId)).toEqual(['act-2', 'act-1']);
  });
});
