/** The access-log rules: one record per member shown other than the reader, naming reader and read, never the data. */
import type { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import { logReads, myAccessLog, routeKeyOf } from '../../shared/privacy/access-log';
import { members } from '../../shared/members/functions';
import { DynamoAccessLogStore } from '../../shared/privacy/access-log-store-dynamodb';
import { MemoryAccessLog } from '../support/fake-access-log';

const NOW = new Date('2026-09-01T02:00:00.000Z');
const grant = { grantedAt: '2026-01-01T00:00:00Z', grantedBy: 'operator' };
const gzAdmin: Account = { userId: 'admin-gz', grants: [{ role: 'admin', organisationId: 'gz', ...grant }] };
const operator: Account = { userId: 'op', grants: [{ role: 'operator', ...grant }] };
const read = { route: routeKeyOf(members.organisationMembers), what: 'member list of union gz' };

describe('logging reads of personal data', () => {
  it('writes one record per member shown, once each, in one write, leaving out the reader herself', async () => {
    const log = new MemoryAccessLog();
    await logReads(log, gzAdmin, ['alice', 'bob', 'alice', 'admin-gz'], read, NOW);
    expect(log.writes).toBe(1);
    expect(log.written).toEqual(
      ['alice', 'bob'].map((userId) => ({ userId, at: NOW.toISOString(), accessId: expect.any(String), by: 'admin-gz', as: 'admin', byUnions: ['gz'], route: 'GET /organisations/{orgId}/members', what: 'member list of union gz' })),
    );
    expect(new Set(log.written.map((record) => record.accessId)).size).toBe(2);
  });

  it('writes nothing when the reader was shown only her own data, and names an operator as one', async () => {
    const log = new MemoryAccessLog();
    await logReads(log, gzAdmin, ['admin-gz'], read, NOW);
    await logReads(log, gzAdmin, [], read, NOW);
    expect(log.writes).toBe(0);
    await logReads(log, operator, ['alice'], read, NOW);
    expect(log.written).toEqual([expect.objectContaining({ userId: 'alice', by: 'op', as: 'operator', byUnions: [] })]);
  });

  it('fails the read when the log cannot be written', async () => {
    const log = new MemoryAccessLog();
    log.failing = true;
    await expect(logReads(log, gzAdmin, ['alice'], read, NOW)).rejects.toThrow();
  });

  it("answers a member her own records only, newest first", async () => {
    const log = new MemoryAccessLog();
    await logReads(log, gzAdmin, ['alice', 'bob'], read, NOW);
    await logReads(log, operator, ['alice'], { route: 'GET /applications/{applicationId}', what: 'subsidy application A1' }, new Date(NOW.getTime() + 1000));
    const alice: Account = { userId: 'alice', grants: [] };
    expect((await myAccessLog(log, alice, { limit: 10 })).items.map((record) => [record.by, record.what])).toEqual([
      ['op', 'subsidy application A1'],
      ['admin-gz', 'member list of union gz'],
    ]);
  });
});

describe('the DynamoDB access log', () => {
  /** A document client that takes BatchWrite requests, handing back the first item of each first try as unprocessed. */
  function batchWrites(options: { neverProcess?: boolean } = {}) {
    const sent: { Item: Record<string, unknown> }[][] = [];
    const client = {
      send: async (command: BatchWriteCommand) => {
        const requests = command.input.RequestItems!.inbox! as { PutRequest: { Item: Record<string, unknown> } }[];
        sent.push(requests.map((request) => request.PutRequest));
        const retry = options.neverProcess ? requests : sent.length === 1 ? requests.slice(0, 1) : [];
        return { UnprocessedItems: retry.length > 0 ? { inbox: retry } : {} };
      },
    };
    return { sent, store: new DynamoAccessLogStore(client as unknown as DynamoDBDocumentClient, 'inbox') };
  }
  const records = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ userId: `m${i}`, at: NOW.toISOString(), accessId: `a${i}`, by: 'admin-gz', as: 'admin' as const, byUnions: ['gz'], route: read.route, what: read.what }));

  it('writes 25 records a request under each member, expiring in a year, and writes again what DynamoDB left unprocessed', async () => {
    const { sent, store } = batchWrites();
    await store.record(records(60));
    expect(sent.map((batch) => batch.length)).toEqual([25, 25, 10, 1]);
    expect(sent[0]![0]!.Item).toMatchObject({ pk: 'USER#m0', sk: `ACCESS#${NOW.toISOString()}#a0`, expiresAt: NOW.getTime() / 1000 + 365 * 86_400, by: 'admin-gz' });
    expect(sent[3]![0]!.Item).toMatchObject({ pk: 'USER#m0' });
  });

  it('fails when records stay unwritten, so the read that made them fails too', async () => {
    const { store } = batchWrites({ neverProcess: true });
    await expect(store.record(records(1))).rejects.toThrow(/left unwritten/);
  }, 10_000);

  it("refuses a cursor that is not a place in the member's own access log", async () => {
    const { store } = batchWrites();
    const cursorOf = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');
    await expect(store.records('alice', { limit: 10, cursor: cursorOf({ pk: 'USER#bob', sk: 'ACCESS#x' }) })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(store.records('alice', { limit: 10, cursor: cursorOf({ pk: 'USER#alice', sk: 'NOTICE#x' }) })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
