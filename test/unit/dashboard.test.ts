/**
 * The dashboard's rules with an in-memory store: what each item counts, the change a record
 * makes, how it rises through the ancestors (gig workers from the federation up), moves, and a
 * record applied once however often it is delivered.
 */
import { describe, expect, it } from 'vitest';
import { applyRecords, reconcile } from '../../shared/dashboard/aggregator';
import type { ApplyOutcome, ChangeRecord, CountedNode, CurrentOrganisation, DashboardStore, NodeWrite } from '../../shared/dashboard/dashboard-store';
import { deltasOf, moveChanges, sourceTableOf, type OwnerRef } from '../../shared/dashboard/figures';
import { monthsBetween, organisationDashboard, viewOf } from '../../shared/dashboard/dashboard';
import { rebuildFigures } from '../../shared/dashboard/rebuild';
import type { Account } from '../../shared/accounts/account';
import type { Organisation } from '../../shared/organisations/organisation';

class MemoryStore implements DashboardStore {
  readonly nodeMap = new Map<string, CountedNode>();
  readonly markers = new Set<string>();
  readonly orgs = new Map<string, CurrentOrganisation>();
  readonly campaigns = new Map<string, string>();
  readonly sources = new Map<string, string>();
  /** Runs before a write is checked: lets a test slip another change in between a read and a write. */
  beforeApply?: () => Promise<void>;

  async nodes(ids: string[]) {
    return new Map(ids.filter((id) => this.nodeMap.has(id)).map((id) => [id, structuredClone(this.nodeMap.get(id)!)]));
  }
  async createNode(node: CountedNode) {
    if (!this.nodeMap.has(node.organisationId)) this.nodeMap.set(node.organisationId, structuredClone(node));
  }
  async organisations(ids: string[]) {
    return new Map(ids.filter((id) => this.orgs.has(id)).map((id) => [id, { ...this.orgs.get(id)! }]));
  }
  async ownerOf(owner: Exclude<OwnerRef, { organisationId: string }>) {
    return 'campaignId' in owner ? this.campaigns.get(owner.campaignId) : this.sources.get(owner.source.id);
  }
  async apply(writes: NodeWrite[], markers: string[]): Promise<ApplyOutcome> {
    const hook = this.beforeApply;
    this.beforeApply = undefined;
    await hook?.();
    const applied = markers.filter((id) => this.markers.has(id));
    if (applied.length > 0) return { kind: 'already-applied', eventIds: applied };
    if (writes.some((w) => (this.nodeMap.get(w.read.organisationId)?.version ?? -1) !== w.read.version)) return { kind: 'changed' };
    for (const w of writes) {
      this.nodeMap.set(w.read.organisationId, {
        ...w.read,
        countedParent: w.countedParent === undefined ? w.read.countedParent : w.countedParent,
        version: w.read.version + 1,
        summary: structuredClone(w.summary),
      });
    }
    for (const id of markers) this.markers.add(id);
    return { kind: 'done' };
  }
  totals(id: string) {
    return this.nodeMap.get(id)?.summary.totals ?? {};
  }
}

const org = (id: string, kind: Organisation['kind'], parentId?: string, extra: Record<string, unknown> = {}) => ({
  pk: `ORG#${id}`,
  sk: 'ORG',
  id,
  kind,
  parentId,
  status: 'active',
  createdAt: '2025-03-10T02:00:00Z',
  ...extra,
});
const profile = (sub: string, organisationId?: string, verified = false, since = '2025-04-01T16:30:00Z') => ({
  pk: `USER#${sub}`,
  sk: 'ACCOUNT#PROFILE',
  userId: sub,
  verified,
  ...(organisationId && { membership: { organisationId, orgPath: 'stale/path/', since } }),
});

let n = 0;
const record = (table: ChangeRecord['table'], before?: Record<string, unknown>, after?: Record<string, unknown>): ChangeRecord => ({ eventId: `e${++n}`, table, before, after });

/** A tree: gd → gz → th (county) → u1; gz → fed (federation) → u2; gd → sz → u3. */
function tree() {
  const store = new MemoryStore();
  const items = [org('gd', 'province'), org('gz', 'city', 'gd'), org('th', 'county', 'gz'), org('u1', 'grassroots', 'th'), org('fed', 'industry-federation', 'gz'), org('u2', 'grassroots', 'fed'), org('sz', 'city', 'gd'), org('u3', 'grassroots', 'sz')];
  for (const item of items) store.orgs.set(item.id, { id: item.id, kind: item.kind, parentId: item.parentId });
  return { store, records: items.map((item) => record('organisations', undefined, item)) };
}

describe('what each item counts', () => {
  it('counts a membership in her union, verified or not, by the month she joined (Shanghai)', () => {
    const [delta] = deltasOf('accounts', undefined, profile('a', 'u1', true));
    expect(delta).toEqual({ owner: { organisationId: 'u1' }, change: { totals: { members: 1, verifiedMembers: 1 }, months: { '2025-04': { members: 1, verifiedMembers: 1 } } } });
  });

  it('moves a transfer from one union to the other and a verification in place; an unrelated change counts nothing', () => {
    const transfer = deltasOf('accounts', profile('a', 'u1'), profile('a', 'u3'));
    expect(transfer.map((d) => [d.owner, d.change.totals])).toEqual([
      [{ organisationId: 'u3' }, { members: 1 }],
      [{ organisationId: 'u1' }, { members: -1 }],
    ]);
    expect(deltasOf('accounts', profile('a', 'u1'), profile('a', 'u1', true))[0]!.change.totals).toEqual({ verifiedMembers: 1 });
    expect(deltasOf('accounts', profile('a', 'u1'), { ...profile('a', 'u1'), name: '新名字' })).toEqual([]);
    expect(deltasOf('accounts', profile('a', 'u1', true), profile('a', undefined, true))[0]!.change.totals).toEqual({ members: -1, verifiedMembers: -1 });
  });

  it('counts open organisations by tier, activities not cancelled with their seats, draws with entrants', () => {
    expect(deltasOf('organisations', undefined, org('x', 'town', 'th'))[0]!.change.totals).toEqual({ 'organisations.town': 1 });
    expect(deltasOf('organisations', org('x', 'town', 'th'), org('x', 'town', 'th', { status: 'closed' }))[0]!.change.totals).toEqual({ 'organisations.town': -1 });
    const activity = { pk: 'ACTIVITY#a', sk: 'ACTIVITY', organisationId: 'u1', status: 'open', seatsTaken: 3, checkedIn: 1, startsAt: '2025-05-31T17:00:00Z' };
    const [created] = deltasOf('activities', undefined, activity);
    expect(created!.change).toEqual({ totals: { activities: 1, activityParticipants: 3, activityCheckIns: 1 }, months: { '2025-06': { activities: 1, activityParticipants: 3, activityCheckIns: 1 } } });
    expect(deltasOf('activities', activity, { ...activity, status: 'cancelled' })[0]!.change.totals).toEqual({ activities: -1, activityParticipants: -3, activityCheckIns: -1 });
    expect(deltasOf('activities', undefined, { pk: 'ACTIVITY#a', sk: 'SIGNUP#x', organisationId: 'u1' })).toEqual([]);
    const draw = { pk: 'DRAW#d', sk: 'DRAW', audience: { organisationId: 'gz' }, entrants: 4, createdAt: '2025-05-01T00:00:00Z' };
    expect(deltasOf('draws', draw, { ...draw, entrants: 5 })[0]!.change.totals).toEqual({ drawEntrants: 1 });
  });

  it('counts coupons released, claimed and redeemed under their campaign, payouts once paid under their source, articles while published', () => {
    expect(deltasOf('coupons', undefined, { pk: 'DROP#c#2025-05-02', sk: 'HEADER', campaignId: 'c', day: '2025-05-02', quota: 500 })[0]).toMatchObject({ owner: { campaignId: 'c' }, change: { totals: { couponsReleased: 500 } } });
    const coupon = { pk: 'COUPON#X', sk: 'COUPON', campaignId: 'c', issuedAt: '2025-05-02T02:00:00Z', status: 'valid' };
    const redeemed = deltasOf('coupons', coupon, { ...coupon, status: 'redeemed', redemption: { at: '2025-06-01T01:00:00Z' } });
    expect(redeemed[0]!.change).toEqual({ totals: { couponsRedeemed: 1 }, months: { '2025-06': { couponsRedeemed: 1 } } });
    const payout = { pk: 'ITEM#Cx', sk: 'ITEM', source: { kind: 'claim', id: 'x' }, amountFen: 1234, status: 'batched' };
    expect(deltasOf('payouts', undefined, payout)).toEqual([]);
    expect(deltasOf('payouts', payout, { ...payout, status: 'paid', paidAt: '2025-06-01T00:00:00Z' })[0]).toMatchObject({ owner: { source: { kind: 'claim', id: 'x' } }, change: { totals: { claimsPaid: 1, claimsPaidFen: 1234 } } });
    const article = { pk: 'ARTICLE#a', sk: 'ARTICLE', organisationId: 'gz', status: 'published', publishedAt: '2025-06-01T00:00:00Z' };
    expect(deltasOf('news', article, { ...article, status: 'unpublished' })[0]!.change.totals).toEqual({ articles: -1 });
    expect(sourceTableOf({ pk: 'FEED#gz', sk: 'P#x' })).toBeUndefined();
    expect(sourceTableOf({ pk: 'ITEM#Cx', sk: 'ITEM' })).toBe('payouts');
  });
});

describe('applying records', () => {
  it('adds a change to the organisation and every ancestor; gig workers from the federation up', async () => {
    const { store, records } = tree();
    await applyRecords(store, [...records, record('accounts', undefined, profile('a', 'u1', true)), record('accounts', undefined, profile('b', 'u2'))]);
    expect(store.totals('u1')).toMatchObject({ members: 1, verifiedMembers: 1 });
    expect(store.totals('th')).toMatchObject({ members: 1, 'organisations.county': 1, 'organisations.grassroots': 1 });
    expect(store.totals('u2')).toEqual({ members: 1, 'organisations.grassroots': 1 });
    expect(store.totals('fed')).toMatchObject({ members: 1, federationMembers: 1 });
    expect(store.totals('gz')).toMatchObject({ members: 2, verifiedMembers: 1, federationMembers: 1, 'organisations.city': 1, 'organisations.industry-federation': 1 });
    expect(store.totals('gd')).toMatchObject({ members: 2, 'organisations.province': 1, 'organisations.city': 2, 'organisations.grassroots': 3 });
    expect(store.totals('sz')).toEqual({ 'organisations.city': 1, 'organisations.grassroots': 1 });
  });

  it('applies a record once however often it is delivered, also within one batch', async () => {
    const { store, records } = tree();
    await applyRecords(store, records);
    const join = record('accounts', undefined, profile('a', 'u1'));
    const first = await applyRecords(store, [join, join]);
    expect(first).toMatchObject({ applied: 1 });
    const again = await applyRecords(store, [join, record('accounts', undefined, profile('b', 'u3'))]);
    expect(again).toMatchObject({ applied: 1, alreadyApplied: 1 });
    expect(store.totals('gd').members).toBe(2);
  });

  it('looks owners up: a campaign its audience, a payout its claim', async () => {
    const { store, records } = tree();
    store.campaigns.set('c', 'sz');
    store.sources.set('x', 'u2');
    await applyRecords(store, [
      ...records,
      record('coupons', undefined, { pk: 'COUPON#X', sk: 'COUPON', campaignId: 'c', issuedAt: '2025-05-02T02:00:00Z', status: 'valid' }),
      record('payouts', undefined, { pk: 'ITEM#Cx', sk: 'ITEM', source: { kind: 'claim', id: 'x' }, amountFen: 500, status: 'paid', paidAt: '2025-06-01T00:00:00Z' }),
      record('coupons', undefined, { pk: 'COUPON#Y', sk: 'COUPON', campaignId: 'unknown', issuedAt: '2025-05-02T02:00:00Z', status: 'valid' }),
    ]);
    expect(store.totals('sz')).toMatchObject({ couponsClaimed: 1 });
    expect(store.totals('fed')).toMatchObject({ claimsPaid: 1, claimsPaidFen: 500 });
    expect(store.totals('gd')).toMatchObject({ couponsClaimed: 1, claimsPaid: 1 });
  });

  it('splits a large batch into transactions of at most 100 items', async () => {
    const { store, records } = tree();
    const joins = Array.from({ length: 150 }, (_, i) => record('accounts', undefined, profile(`m${i}`, i % 2 ? 'u1' : 'u3')));
    let largest = 0;
    const apply = store.apply.bind(store);
    store.apply = async (writes: NodeWrite[], markers: string[]) => {
      largest = Math.max(largest, writes.length + markers.length);
      return apply(writes, markers);
    };
    await applyRecords(store, [...records, ...joins]);
    expect(largest).toBeLessThanOrEqual(100);
    expect(store.totals('gd').members).toBe(150);
  });

  it('reads again when a node changed between its read and the write', async () => {
    const { store, records } = tree();
    await applyRecords(store, records);
    store.beforeApply = async () => {
      await applyRecords(store, [record('accounts', undefined, profile('b', 'u3'))]);
    };
    await applyRecords(store, [record('accounts', undefined, profile('a', 'u1'))]);
    expect(store.totals('gd').members).toBe(2);
    expect(store.totals('gz').members).toBe(1);
  });

  it('counts a member of a union never seen by its stream where the organisations table puts it', async () => {
    const { store } = tree();
    await applyRecords(store, [record('accounts', undefined, profile('a', 'u1'))]);
    expect(store.totals('gd')).toEqual({ members: 1 });
    expect(store.nodeMap.get('u1')!.countedParent).toBe('th');
  });
});

describe('moves', () => {
  it('moves a subtree’s figures off its old ancestors onto the new ones', async () => {
    const { store, records } = tree();
    await applyRecords(store, [...records, record('accounts', undefined, profile('a', 'u1', true)), record('accounts', undefined, profile('b', 'u1'))]);
    // The county th moves from Guangzhou to Shenzhen.
    store.orgs.set('th', { id: 'th', kind: 'county', parentId: 'sz' });
    await applyRecords(store, [record('organisations', org('th', 'county', 'gz'), org('th', 'county', 'sz'))]);
    expect(store.totals('gz')).toEqual({ 'organisations.city': 1, 'organisations.industry-federation': 1, 'organisations.grassroots': 1 });
    expect(store.totals('sz')).toMatchObject({ members: 2, verifiedMembers: 1, 'organisations.county': 1, 'organisations.grassroots': 2 });
    expect(store.totals('gd').members).toBe(2);
    // Later changes under th count under its new ancestors.
    await applyRecords(store, [record('accounts', undefined, profile('c', 'u1'))]);
    expect(store.totals('sz').members).toBe(3);
    expect(store.totals('gz').members).toBeUndefined();
  });

  it('turns members into gig workers when their union moves under a federation, and back', async () => {
    const { store, records } = tree();
    await applyRecords(store, [...records, record('accounts', undefined, profile('a', 'u1'))]);
    store.orgs.set('u1', { id: 'u1', kind: 'grassroots', parentId: 'fed' });
    await applyRecords(store, [record('organisations', org('u1', 'grassroots', 'th'), org('u1', 'grassroots', 'fed'))]);
    expect(store.totals('fed')).toMatchObject({ members: 1, federationMembers: 1 });
    expect(store.totals('gz')).toMatchObject({ members: 1, federationMembers: 1 });
    expect(store.totals('th').members).toBeUndefined();
    store.orgs.set('u1', { id: 'u1', kind: 'grassroots', parentId: 'th' });
    await reconcile(store, 'u1');
    expect(store.totals('gz')).toMatchObject({ members: 1 });
    expect(store.totals('gz').federationMembers).toBeUndefined();
  });

  it('nets a move to a common ancestor and keeps a change racing it exact', async () => {
    expect(moveChanges({ totals: { members: 2 }, months: {} }, [{ organisationId: 'th' }, { organisationId: 'gz' }], [{ organisationId: 'gz' }]).get('gz')).toEqual({ totals: {}, months: {} });
    const { store, records } = tree();
    await applyRecords(store, [...records, record('accounts', undefined, profile('a', 'u1'))]);
    store.orgs.set('u1', { id: 'u1', kind: 'grassroots', parentId: 'sz' });
    // A join under u1 lands between the move's reads and its write: the move reads again.
    store.beforeApply = async () => {
      await applyRecords(store, [record('accounts', undefined, profile('b', 'u1'))]);
    };
    expect(await reconcile(store, 'u1')).toBe('moved');
    expect(store.totals('sz').members).toBe(2);
    expect(store.totals('gz').members).toBeUndefined();
    expect(store.totals('th').members).toBeUndefined();
  });

  it('applies a new parent’s own move first when it still counts under the moved node', async () => {
    const { store, records } = tree();
    await applyRecords(store, [...records, record('accounts', undefined, profile('a', 'u1'))]);
    // t sits under th; then t moves out to sz, and th moves under t. The rules of kinds would not
    // allow the second move; the counted tree meets the same shape whenever a node moves under one
    // that left its subtree and the records come in the other order.
    store.orgs.set('t', { id: 't', kind: 'town', parentId: 'th' });
    await applyRecords(store, [record('organisations', undefined, org('t', 'town', 'th'))]);
    store.orgs.set('t', { id: 't', kind: 'town', parentId: 'sz' });
    store.orgs.set('th', { id: 'th', kind: 'county', parentId: 't' });
    await reconcile(store, 'th');
    expect(store.nodeMap.get('t')!.countedParent).toBe('sz');
    expect(store.nodeMap.get('th')!.countedParent).toBe('t');
    expect(store.totals('sz')).toMatchObject({ members: 1, 'organisations.town': 1, 'organisations.county': 1 });
    expect(store.totals('gz').members).toBeUndefined();
  });
});

describe('reading and recounting', () => {
  const operator = { userId: 'op', grants: [{ role: 'operator' }] } as unknown as Account;
  const reader = (nodes: MemoryStore) => ({ figuresOf: async (id: string) => nodes.nodeMap.get(id) && { summary: nodes.nodeMap.get(id)!.summary, version: nodes.nodeMap.get(id)!.version } });
  const one = (id: string) => ({ id, name: id, kind: 'city', path: `gd/${id}/`, status: 'active', ...(id !== 'gd' && { parentId: 'gd' }) }) as Organisation;
  const orgs = { get: async (id: string) => one(id), getMany: async (ids: string[]) => ids.map(one) };

  it('answers months in order with zeros where nothing happened, a tag that changes with the figures', async () => {
    const { store, records } = tree();
    await applyRecords(store, [...records, record('accounts', undefined, profile('a', 'gz', false, '2025-05-20T00:00:00Z'))]);
    const { answer, tag } = await organisationDashboard({ dashboard: reader(store), orgs }, operator, 'gz', { from: '2025-04', to: '2025-06' });
    expect(answer.months.map((m) => [m.month, m.figures.members])).toEqual([['2025-04', 0], ['2025-05', 1], ['2025-06', 0]]);
    expect(answer.figures.organisations).toMatchObject({ city: 1, county: 1, grassroots: 2, industryFederation: 1 });
    await applyRecords(store, [record('accounts', undefined, profile('b', 'gz'))]);
    expect((await organisationDashboard({ dashboard: reader(store), orgs }, operator, 'gz', { from: '2025-04', to: '2025-06' })).tag).not.toBe(tag);
    await expect(organisationDashboard({ dashboard: reader(store), orgs }, operator, 'gz', { from: '2020-01', to: '2025-06' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(viewOf({}).gigWorkers).toEqual({ federations: 0, members: 0 });
  });

  it('recounts to what the stream counted', async () => {
    const { store, records } = tree();
    store.campaigns.set('c', 'u3');
    const items = [
      ...records.map((r) => ['organisations', r.after] as const),
      ['accounts', profile('a', 'u1', true)] as const,
      ['accounts', profile('b', 'u2')] as const,
      ['coupons', { pk: 'COUPON#X', sk: 'COUPON', campaignId: 'c', issuedAt: '2025-05-02T02:00:00Z', status: 'redeemed', redemption: { at: '2025-05-03T00:00:00Z' } }] as const,
    ];
    await applyRecords(store, items.slice(records.length).map(([table, item]) => record(table, undefined, item)).concat(records));
    const rebuilt = new MemoryStore();
    rebuilt.campaigns.set('c', 'u3');
    await rebuildFigures({
      source: {
        scan: async (table, visit) => visit(items.filter(([t]) => t === table).map(([, item]) => item as Record<string, unknown>)),
        overwrite: async (node) => void rebuilt.nodeMap.set(node.organisationId, { ...node, version: 1 }),
        nodeIds: async () => [],
      },
      store: rebuilt,
    });
    for (const id of ['gd', 'gz', 'th', 'u1', 'fed', 'u2', 'sz', 'u3']) expect([id, rebuilt.nodeMap.get(id)!.summary]).toEqual([id, store.nodeMap.get(id)!.summary]);
  });
});
