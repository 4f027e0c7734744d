/**
 * The dashboard aggregator against DynamoDB Local, with real concurrency: overlapping batches
 * applied at once count each record once, a redelivered batch counts nothing, and a move racing
 * changes under the moved subtree leaves every ancestor exact.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyRecords, reconcile } from '../../shared/dashboard/aggregator';
import type { ChangeRecord } from '../../shared/dashboard/dashboard-store';
import { DynamoDashboardStore } from '../../shared/dashboard/dashboard-store-dynamodb';
import { freshTables, localDynamo } from '../support/local-aws';

const { client, documents } = localDynamo();
let store: DynamoDashboardStore;
let organisations: string;

const org = (id: string, kind: string, parentId?: string) => ({ pk: `ORG#${id}`, sk: 'ORG', id, kind, parentId, status: 'active', createdAt: '2025-03-10T02:00:00Z' });
const profile = (sub: string, organisationId: string) => ({ pk: `USER#${sub}`, sk: 'ACCOUNT#PROFILE', userId: sub, verified: true, membership: { organisationId, since: '2025-04-01T00:00:00Z' } });
let n = 0;
const joins = (count: number, union: string, prefix = 'm'): ChangeRecord[] =>
  Array.from({ length: count }, (_, i) => ({ eventId: `${prefix}-${++n}`, table: 'accounts' as const, after: profile(`${prefix}${i}-${n}`, union) }));

const members = async (id: string) => (await store.figuresOf(id))?.summary.totals.members ?? 0;

beforeAll(async () => {
  const nameOf = await freshTables(client);
  organisations = nameOf('organisations');
  store = new DynamoDashboardStore(documents, { dashboard: nameOf('dashboard'), organisations, coupons: nameOf('coupons'), claims: nameOf('claims'), subsidies: nameOf('subsidies') });
  const tree = [org('gd', 'province'), org('gz', 'city', 'gd'), org('sz', 'city', 'gd'), org('th', 'county', 'gz'), org('t1', 'town', 'th'), org('u1', 'grassroots', 't1'), org('u2', 'grassroots', 'gz'), org('u3', 'grassroots', 'sz')];
  for (const item of tree) await documents.send(new PutCommand({ TableName: organisations, Item: item }));
  await applyRecords(store, tree.map((item) => ({ eventId: `org-${item.id}`, table: 'organisations', after: item })));
});

describe('the aggregator on DynamoDB Local', () => {
  it('counts each record once when overlapping batches are applied at once', async () => {
    const records = [...joins(60, 'u1'), ...joins(40, 'u2'), ...joins(20, 'u3')];
    // Three invocations at once, as a retry racing the first delivery: overlapping slices.
    const results = await Promise.all([applyRecords(store, records.slice(0, 80)), applyRecords(store, records.slice(40)), applyRecords(store, records.slice(20, 100))]);
    expect(results.reduce((sum, r) => sum + r.applied, 0)).toBe(120);
    expect(await members('gd')).toBe(120);
    expect(await members('gz')).toBe(100);
    expect(await members('th')).toBe(60);
    expect(await members('sz')).toBe(20);

    // The whole batch again: nothing more.
    const again = await applyRecords(store, records);
    expect(again).toMatchObject({ applied: 0, alreadyApplied: 120 });
    expect(await members('gd')).toBe(120);
  });

  it('keeps every ancestor exact when a county moves while members join under it', async () => {
    const before = { gd: await members('gd'), gz: await members('gz'), sz: await members('sz'), th: await members('th') };
    await documents.send(new UpdateCommand({ TableName: organisations, Key: { pk: 'ORG#th', sk: 'ORG' }, UpdateExpression: 'SET parentId = :sz', ExpressionAttributeValues: { ':sz': 'sz' } }));
    const racing = [joins(30, 'u1', 'r1'), joins(30, 'u1', 'r2'), joins(30, 't1', 'r3')];
    await Promise.all([reconcile(store, 'th'), ...racing.map((batch) => applyRecords(store, batch)), reconcile(store, 'th')]);
    expect(await members('th')).toBe(before.th + 90);
    expect(await members('sz')).toBe(before.sz + before.th + 90);
    expect(await members('gz')).toBe(before.gz - before.th);
    expect(await members('gd')).toBe(before.gd + 90);
    expect((await store.nodes(['th'])).get('th')!.countedParent).toBe('sz');
  });
});
