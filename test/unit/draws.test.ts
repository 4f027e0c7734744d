/**
 * The draw rules with fakes (an in-memory store with the same conditions as the DynamoDB one, a
 * beacon with a test clock): ranking, the first offers, deadlines, pass-on in rank order until the
 * list is exhausted, and the contended moves — an acceptance against a lapse, two lapses of one
 * offer — each moving a prize once.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import type { BeaconRound } from '../../shared/beacon/beacon';
import type { Notice } from '../../shared/inbox/notice';
import type { Organisation } from '../../shared/organisations/organisation';
import type { OrganisationReader } from '../../shared/organisations/organisation-store';
import { deadlineOf, hasLapsed, nextOffer, rankEntrants, slotsOf, type Draw, type Entry, type Holder, type PassOnStep, type Slot } from '../../shared/draws/draw';
import type { DrawStore } from '../../shared/draws/draw-store';
import { commitDraw, createDraw, decidePrize, drawProof, enterDraw, runDraw, sweepDraws } from '../../shared/draws/draws';
import { AlreadyEntered, DrawState, EntriesClosed, NoOffer, OfferLapsed } from '../../shared/draws/errors';
import { NotEligible } from '../../shared/errors';
import { BeaconRoundPending } from '../../shared/beacon/beacon';
import { FakeBeacon } from '../support/fake-beacon';

const clone = <T>(value: T): T => structuredClone(value);

/** The DynamoDB store's promises, in memory: every conditional write refuses as the table would. */
class MemoryDrawStore implements DrawStore {
  heads = new Map<string, Draw>();
  entries = new Map<string, Entry>();
  entrants = new Map<string, string>();
  lists = new Map<string, string[]>();
  rankings = new Map<string, string[]>();
  slotItems = new Map<string, Slot>();
  stepItems = new Map<string, PassOnStep[]>();
  notices: Notice[] = [];
  private ek = (d: string, e: string) => `${d}/${e}`;

  async create(draw: Draw) {
    this.heads.set(draw.drawId, clone(draw));
  }
  async draw(drawId: string, options = { withSecret: false }) {
    const draw = this.heads.get(drawId);
    if (!draw) return undefined;
    const { secret, ...rest } = clone(draw);
    return options.withSecret || rest.drawnAt ? { ...rest, secret } : rest;
  }
  async enter(entry: Entry, now: Date) {
    const head = this.heads.get(entry.drawId)!;
    if (this.entrants.has(this.ek(entry.drawId, entry.userId))) throw new AlreadyEntered();
    if (head.status !== 'open' || head.entriesOpenAt > now.toISOString() || head.entriesCloseAt <= now.toISOString()) throw new EntriesClosed();
    this.entrants.set(this.ek(entry.drawId, entry.userId), entry.entryId);
    this.entries.set(this.ek(entry.drawId, entry.entryId), clone(entry));
    head.entrants++;
  }
  async entryOf(drawId: string, userId: string) {
    const id = this.entrants.get(this.ek(drawId, userId));
    return id ? this.entry(drawId, id) : undefined;
  }
  async entry(drawId: string, entryId: string) {
    const entry = this.entries.get(this.ek(drawId, entryId));
    return entry && clone(entry);
  }
  async freeze(drawId: string, now: Date, closedEarly?: { at: string; by: string; reason: string }) {
    const head = this.heads.get(drawId)!;
    if (head.status === 'open' && (closedEarly || head.entriesCloseAt <= now.toISOString())) {
      head.status = 'freezing';
      if (closedEarly) head.closedEarly = closedEarly;
      return true;
    }
    return head.status === 'freezing';
  }
  async entryIds(drawId: string) {
    return [...this.entries.values()].filter((e) => e.drawId === drawId).map((e) => e.entryId);
  }
  async commit(drawId: string, commit: { entryIds: string[]; commitment: string; committedAt: string; beacon: Draw['beacon'] & object; secret: string }) {
    const head = this.heads.get(drawId)!;
    if (head.status !== 'freezing' || head.commitment) throw new DrawState('committed already');
    this.lists.set(drawId, [...commit.entryIds].sort());
    Object.assign(head, { status: 'committed', commitment: commit.commitment, committedAt: commit.committedAt, chunks: 1, beacon: clone(commit.beacon), secret: commit.secret });
  }
  async frozenList(draw: Draw) {
    return [...this.lists.get(draw.drawId)!];
  }
  async reveal(drawId: string, value: BeaconRound, drawnAt: string, firstPassOnRank: number) {
    const head = this.heads.get(drawId)!;
    if (head.status === 'committed' && head.beacon!.round === value.round) {
      Object.assign(head, { status: 'drawn', drawnAt, nextRank: firstPassOnRank, passOns: 0, beacon: { ...head.beacon, randomness: value.randomness, signature: value.signature } });
    }
    return (await this.draw(drawId))!;
  }
  async putRanking(drawId: string, ranked: string[]) {
    this.rankings.set(drawId, [...ranked]);
  }
  async rankedAt(drawId: string, rank: number) {
    return this.rankings.get(drawId)![rank - 1];
  }
  async setRanks(drawId: string, ranked: string[]) {
    ranked.forEach((entryId, i) => (this.entries.get(this.ek(drawId, entryId))!.rank = i + 1));
  }
  private offerEntry(drawId: string, holder: Holder, slot: Slot, deadline: string) {
    Object.assign(this.entries.get(this.ek(drawId, holder.entryId))!, { status: 'offered', rank: holder.rank, slotId: slot.slotId, prizeName: slot.prizeName, deadline });
  }
  async firstOffer(draw: Draw, slot: Slot, notices: Notice[]) {
    const key = this.ek(draw.drawId, slot.slotId);
    if (this.slotItems.has(key)) return false;
    this.slotItems.set(key, clone(slot));
    if (slot.holder) this.offerEntry(draw.drawId, slot.holder, slot, slot.deadline!);
    this.notices.push(...notices);
    return true;
  }
  async finish(drawId: string) {
    this.heads.get(drawId)!.finished = true;
  }
  async slot(drawId: string, slotId: string) {
    const slot = this.slotItems.get(this.ek(drawId, slotId));
    return slot && clone(slot);
  }
  async slots(drawId: string) {
    return [...this.slotItems.values()].filter((s) => s.drawId === drawId).map(clone);
  }
  async accept(slot: Slot, entry: Entry, now: Date) {
    const stored = this.slotItems.get(this.ek(slot.drawId, slot.slotId))!;
    if (stored.status !== 'offered' || stored.version !== slot.version || stored.holder?.entryId !== entry.entryId || stored.deadline! <= now.toISOString()) return false;
    Object.assign(stored, { status: 'accepted', acceptedAt: now.toISOString(), version: stored.version + 1 });
    Object.assign(this.entries.get(this.ek(slot.drawId, entry.entryId))!, { status: 'accepted', decidedAt: now.toISOString() });
    return true;
  }
  async passOn(draw: Draw, slot: Slot, step: PassOnStep, change: { to?: Holder & { deadline: string }; nextRank: number; reasonCheck: { now: string } }, notices: Notice[]) {
    const stored = this.slotItems.get(this.ek(draw.drawId, slot.slotId))!;
    const timely = step.reason === 'lapsed' ? stored.deadline! <= change.reasonCheck.now : stored.deadline! > change.reasonCheck.now;
    if (stored.status !== 'offered' || stored.version !== slot.version || stored.holder?.entryId !== step.from.entryId || !timely) return 'slot-changed' as const;
    const head = this.heads.get(draw.drawId)!;
    if (head.passOns !== step.step - 1) return 'draw-changed' as const;
    head.passOns = step.step;
    head.nextRank = change.nextRank;
    const steps = this.stepItems.get(draw.drawId) ?? [];
    steps.push(clone(step));
    this.stepItems.set(draw.drawId, steps);
    Object.assign(this.entries.get(this.ek(draw.drawId, step.from.entryId))!, { status: step.reason, decidedAt: step.at });
    if (change.to) {
      Object.assign(stored, { holder: { entryId: change.to.entryId, userId: change.to.userId, rank: change.to.rank }, offeredAt: step.at, deadline: change.to.deadline, version: stored.version + 1 });
      this.offerEntry(draw.drawId, change.to, stored, change.to.deadline);
    } else {
      Object.assign(stored, { status: 'unclaimed', version: stored.version + 1 });
      delete stored.holder;
      delete stored.deadline;
    }
    this.notices.push(...notices);
    return 'done' as const;
  }
  async steps(drawId: string) {
    return clone(this.stepItems.get(drawId) ?? []);
  }
  async dueOffers(now: Date) {
    return [...this.slotItems.values()].filter((slot) => hasLapsed(slot, now)).sort((a, b) => a.deadline!.localeCompare(b.deadline!)).map(clone);
  }
  async unfinished() {
    return [...this.heads.values()].filter((d) => d.status === 'drawn' && !d.finished).map((d) => d.drawId);
  }
  async byAudience() {
    return { items: [] };
  }
  async bySubtree() {
    return { items: [] };
  }
  async byMember() {
    return { items: [] };
  }
}

const union = (id: string, path: string): Organisation => ({ id, name: id, kind: 'grassroots', path, status: 'active', autoApprove: true, memberCount: 0, childCount: 0, createdAt: '' }) as Organisation;
const orgs: OrganisationReader = {
  get: async (id) => ({ gz: union('gz', 'gd/gz/'), sz: union('sz', 'gd/sz/') })[id],
  getMany: async (ids) => ids.flatMap((id) => (id === 'gz' ? [union('gz', 'gd/gz/')] : id === 'sz' ? [union('sz', 'gd/sz/')] : [])),
};
const operator: Account = { userId: 'op', grants: [{ role: 'operator', grantedAt: '', grantedBy: '' }] };
const member = (n: number, options: { verified?: boolean; path?: string } = {}): Account => ({
  userId: `m${n}`,
  grants: [],
  member: {
    userId: `m${n}`,
    name: '会员',
    phoneHash: 'h',
    phoneMasked: 'm',
    industry: 'other',
    verified: options.verified ?? true,
    registeredAt: '',
    membership: { organisationId: 'u', orgPath: options.path ?? 'gd/gz/u/', since: '' },
  },
});

const t0 = new Date('2026-12-01T02:00:00Z');
const hours = (n: number) => new Date(t0.getTime() + n * 3600_000);

/** A draw of `prizes` units entered by `entrants` members, committed at t0 + 25 h and drawn once its round is out. */
async function drawnDraw(prizes: number, entrants: number) {
  const store = new MemoryDrawStore();
  const beacon = new FakeBeacon(t0);
  const deps = { draws: store, orgs, beacon };
  const draw = await createDraw(deps, operator, { name: '疗休养', organisationId: 'gz', prizes: [{ name: '温泉', count: prizes }], entriesCloseAt: hours(24).toISOString(), acceptanceHours: 48 }, t0);
  for (let n = 1; n <= entrants; n++) await enterDraw(deps, member(n), draw.drawId, hours(1));
  const committed = await commitDraw(deps, operator, draw.drawId, {}, hours(25));
  await expect(runDraw(deps, operator, draw.drawId, hours(25))).rejects.toBeInstanceOf(BeaconRoundPending);
  beacon.now = new Date(committed.beacon!.roundAt);
  await runDraw(deps, operator, draw.drawId, hours(26));
  const userAt = async (rank: number) => [...store.entries.values()].find((e) => e.rank === rank)!.userId;
  const accountAt = async (rank: number) => member(Number((await userAt(rank)).slice(1)));
  return { store, deps, drawId: draw.drawId, accountAt, drawnAt: hours(26) };
}

describe('ranking and slots', () => {
  it('ranks by sha256(seed:entryId), ties by id, the same whatever the order given', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `e${i}`);
    const ranked = rankEntrants(ids, 'seed');
    expect(rankEntrants([...ids].reverse(), 'seed')).toEqual(ranked);
    expect([...ranked].sort()).toEqual([...ids].sort());
    const key = (id: string) => createHash('sha256').update(`seed:${id}`).digest('hex');
    for (let i = 1; i < ranked.length; i++) expect(key(ranked[i - 1]!) < key(ranked[i]!)).toBe(true);
    expect(rankEntrants(ids, 'other')).not.toEqual(ranked);
  });

  it('lays out prize units in order, and offers pass-ons to the next rank until the entrants run out', () => {
    expect(slotsOf([{ prizeId: 'p1', name: 'a', count: 2 }, { prizeId: 'p2', name: 'b', count: 1 }]).map((s) => s.slotId)).toEqual(['p1#001', 'p1#002', 'p2#001']);
    expect(nextOffer({ nextRank: 4, entrants: 5 })).toEqual({ rank: 4, after: 5 });
    expect(nextOffer({ nextRank: 6, entrants: 5 })).toBeUndefined();
    expect(deadlineOf('2026-12-01T00:00:00.000Z', 48)).toBe('2026-12-03T00:00:00.000Z');
    expect(hasLapsed({ status: 'offered', deadline: '2026-12-03T00:00:00.000Z' }, new Date('2026-12-03T00:00:00.000Z'))).toBe(true);
    expect(hasLapsed({ status: 'offered', deadline: '2026-12-03T00:00:00.000Z' }, new Date('2026-12-02T23:59:59.999Z'))).toBe(false);
    expect(hasLapsed({ status: 'accepted', deadline: '2026-12-03T00:00:00.000Z' }, new Date('2026-12-04T00:00:00Z'))).toBe(false);
  });
});

describe('entering', () => {
  it('takes one entry per verified member of the audience, in the window', async () => {
    const store = new MemoryDrawStore();
    const deps = { draws: store, orgs, beacon: new FakeBeacon(t0) };
    const draw = await createDraw(deps, operator, { name: '疗休养', organisationId: 'gz', prizes: [{ name: '温泉', count: 1 }], entriesOpenAt: hours(1).toISOString(), entriesCloseAt: hours(24).toISOString(), acceptanceHours: 48 }, t0);
    await expect(enterDraw(deps, member(1), draw.drawId, t0)).rejects.toMatchObject({ code: 'ENTRIES_NOT_OPEN' });
    await enterDraw(deps, member(1), draw.drawId, hours(2));
    await expect(enterDraw(deps, member(1), draw.drawId, hours(2))).rejects.toBeInstanceOf(AlreadyEntered);
    await expect(enterDraw(deps, member(2, { verified: false }), draw.drawId, hours(2))).rejects.toBeInstanceOf(NotEligible);
    await expect(enterDraw(deps, member(3, { path: 'gd/sz/v/' }), draw.drawId, hours(2))).rejects.toBeInstanceOf(NotEligible);
    await expect(enterDraw(deps, member(4), draw.drawId, hours(24))).rejects.toBeInstanceOf(EntriesClosed);
    await expect(commitDraw(deps, operator, draw.drawId, {}, hours(2))).rejects.toBeInstanceOf(DrawState);
    await commitDraw(deps, operator, draw.drawId, { closeEarlyReason: 'full' }, hours(3));
    await expect(enterDraw(deps, member(5), draw.drawId, hours(4))).rejects.toBeInstanceOf(EntriesClosed);
    expect((await store.draw(draw.drawId))!.entrants).toBe(1);
  });
});

describe('offers, deadlines and pass-on', () => {
  it('offers unit k to rank k, and passes declined and lapsed units on in rank order until the list is exhausted', async () => {
    const { store, deps, drawId, accountAt, drawnAt } = await drawnDraw(2, 4);
    const slots = await store.slots(drawId);
    expect(slots.map((s) => [s.slotId, s.holder?.rank, s.deadline])).toEqual([
      ['p1#001', 1, deadlineOf(drawnAt.toISOString(), 48)],
      ['p1#002', 2, deadlineOf(drawnAt.toISOString(), 48)],
    ]);
    expect(store.notices.map((n) => [n.kind, n.facts.rank])).toEqual([['prize-won', 1], ['prize-won', 2]]);

    // Rank 2 declines: rank 3 is offered it, with her own deadline.
    const declinedAt = hours(30);
    await decidePrize(deps, await accountAt(2), drawId, 'decline', declinedAt);
    expect((await store.slot(drawId, 'p1#002'))!.holder).toMatchObject({ rank: 3 });
    expect((await store.slot(drawId, 'p1#002'))!.deadline).toBe(deadlineOf(declinedAt.toISOString(), 48));
    // Rank 1 tries to accept after her deadline: refused, and the unit moves on to rank 4 at once.
    await expect(decidePrize(deps, await accountAt(1), drawId, 'accept', hours(26 + 48))).rejects.toBeInstanceOf(OfferLapsed);
    expect((await store.slot(drawId, 'p1#001'))!.holder).toMatchObject({ rank: 4 });
    await expect(decidePrize(deps, await accountAt(1), drawId, 'accept', hours(26 + 48))).rejects.toBeInstanceOf(NoOffer);
    // Rank 3 lets hers lapse: the sweep finds no one left, and the unit is unclaimed.
    expect(await sweepDraws(deps, hours(30 + 49))).toMatchObject({ lapsed: 1 });
    expect((await store.slot(drawId, 'p1#002'))).toMatchObject({ status: 'unclaimed' });
    expect((await store.slot(drawId, 'p1#002'))!.holder).toBeUndefined();
    // Rank 4 accepts in time.
    expect((await decidePrize(deps, await accountAt(4), drawId, 'accept', hours(26 + 49))).status).toBe('accepted');

    const proof = await drawProof(deps, drawId);
    expect(proof.steps.map((s) => [s.step, s.slotId, s.from.rank, s.reason, s.to?.rank])).toEqual([
      [1, 'p1#002', 2, 'declined', 3],
      [2, 'p1#001', 1, 'lapsed', 4],
      [3, 'p1#002', 3, 'lapsed', undefined],
    ]);
    expect(proof.outcome.map((o) => [o.slotId, o.status, o.holder?.rank])).toEqual([
      ['p1#001', 'accepted', 4],
      ['p1#002', 'unclaimed', undefined],
    ]);
    expect(store.notices.filter((n) => n.kind === 'prize-passed-on').map((n) => n.facts.reason)).toEqual(['declined', 'lapsed', 'lapsed']);
    // Deterministic notice ids: one per event.
    expect(new Set(store.notices.map((n) => n.noticeId)).size).toBe(store.notices.length);
  });

  it('leaves units beyond the entrants unclaimed at the draw', async () => {
    const { store, drawId } = await drawnDraw(3, 2);
    expect((await store.slots(drawId)).map((s) => s.status)).toEqual(['offered', 'offered', 'unclaimed']);
  });

  it('moves a unit once when an acceptance, a lapse and a second lapse meet', async () => {
    const { store, deps, drawId, accountAt } = await drawnDraw(1, 3);
    const slot = (await store.slot(drawId, 'p1#001'))!;
    const justBefore = new Date(new Date(slot.deadline!).getTime() - 1);
    const after = new Date(new Date(slot.deadline!).getTime() + 1);
    // All three read the same version of the slot; whichever writes first wins, the others find it changed.
    const [accepted, swept, sweptAgain] = await Promise.allSettled([decidePrize(deps, await accountAt(1), drawId, 'accept', justBefore), sweepDraws(deps, after), sweepDraws(deps, after)]);
    const steps = await store.steps(drawId);
    const stored = (await store.slot(drawId, 'p1#001'))!;
    if (accepted.status === 'fulfilled') {
      expect([stored.status, steps]).toEqual(['accepted', []]);
    } else {
      expect(steps).toHaveLength(1);
      expect(stored.holder).toMatchObject({ rank: 2 });
    }
    expect(swept.status).toBe('fulfilled');
    expect(sweptAgain.status).toBe('fulfilled');
    // Once a unit has been accepted, no sweep moves it.
    await sweepDraws(deps, new Date(after.getTime() + 365 * 86400_000));
    expect((await store.steps(drawId)).length).toBeLessThanOrEqual(2);
  });

  it('draws the same on a repeat', async () => {
    const { deps, drawId, store } = await drawnDraw(1, 2);
    const before = await store.slots(drawId);
    expect(await runDraw(deps, operator, drawId, hours(40))).toMatchObject({ entrants: 2, prizes: 1, offered: 1 });
    expect(await store.slots(drawId)).toEqual(before);
  });
});
