/** The access-log rules: one record per member shown other than the reader, naming reader and read, never the data. */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import { logReads, myAccessLog, routeKeyOf } from '../../shared/privacy/access-log';
import { members } from '../../shared/members/functions';
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
