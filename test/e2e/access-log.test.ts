/**
 * A member's access log, over HTTP: when an admin is shown her personal data — her union's member
 * list, her claim and its documents — she finds who, when and what in GET /me/access-log; nobody
 * else finds it in theirs; an admin reading her own data logs nothing; and the records say what
 * was seen without copying it.
 */
import { describe, expect, it } from 'vitest';
import { subjectOf } from '../../local/demo';
import { call } from '../support/api';
import { uniquePhone } from '../support/phones';
import { claimWithDocument, gigWorker, granted, memberOf, organisation, signedUp } from '../support/scenario';

interface AccessRecord {
  at: string;
  by: string;
  as: string;
  byUnions: string[];
  route: string;
  what: string;
}

const accessLogOf = async (user: string, query = '') => {
  const answer = await call<{ items: AccessRecord[]; cursor?: string }>('GET', `/me/access-log${query}`, { user });
  expect(answer.status).toBe(200);
  return answer.body;
};

describe('the access log a member can see', () => {
  it("records an admin's reading of a union's member list under each member shown, and nothing for the admin's own entry", async () => {
    const union = (await organisation('gz-admin', 'gz-tianhe-wushan', 'grassroots', { autoApprove: true })).id as string;
    const first = await memberOf(union);
    const second = await memberOf(union);
    // An admin of the union who is a member of it too: reading the list shows her own entry as well.
    const adminMember = await granted('access-admin', { role: 'admin', organisationId: union });
    expect((await call('POST', '/members', { user: adminMember, body: { name: 'Admin Member', phone: uniquePhone(), industry: 'other' } })).status).toBe(201);
    expect((await call('POST', '/me/membership', { user: adminMember, body: { organisationId: union } })).status).toBe(201);

    const listed = await call('GET', `/organisations/${union}/members`, { user: adminMember });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((member: { userId: string }) => member.userId).sort()).toEqual([first, second, adminMember].map(subjectOf).sort());

    expect((await accessLogOf(adminMember)).items).toEqual([]);
    for (const member of [first, second]) {
      expect((await accessLogOf(member)).items).toEqual([
        {
          at: expect.any(String),
          by: subjectOf(adminMember),
          as: 'admin',
          byUnions: [union],
          route: 'GET /organisations/{orgId}/members',
          what: `member list of union ${union}`,
        },
      ]);
    }

    // The city's admin reads it next: now the admin-member is someone else's read, and is logged.
    expect((await call('GET', `/organisations/${union}/members`, { user: 'gz-admin' })).status).toBe(200);
    expect((await accessLogOf(adminMember)).items).toEqual([expect.objectContaining({ by: subjectOf('gz-admin'), as: 'admin', byUnions: ['gz'] })]);
    // Newest first, a page at a time.
    const newest = await accessLogOf(first, '?limit=1');
    expect(newest.items).toEqual([expect.objectContaining({ by: subjectOf('gz-admin') })]);
    const older = await accessLogOf(first, `?limit=1&cursor=${newest.cursor}`);
    expect(older.items).toEqual([expect.objectContaining({ by: subjectOf(adminMember) })]);

    // Someone nobody read has nothing in hers; another member's cursor is not hers to use.
    const unread = await signedUp();
    expect((await accessLogOf(unread)).items).toEqual([]);
    const foreign = await call('GET', `/me/access-log?cursor=${newest.cursor}`, { user: unread });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(foreign.body).toMatchObject({ code: 'INVALID_CURSOR' });
    expect((await call('GET', '/me/access-log?cursor=not-a-cursor', { user: unread })).body).toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it("records an admin's reading of a claim list and her opening of a claim's document under the claimant, naming the document, not its content", async () => {
    const worker = await gigWorker('gz', 'courier');
    const { claimId, documentId } = await claimWithDocument(worker);
    // The claimant opening her own document logs nothing.
    expect((await call('GET', `/claims/${claimId}/documents/${documentId}`, { user: worker.user })).status).toBe(200);
    expect((await accessLogOf(worker.user)).items).toEqual([]);

    const claims = await call('GET', `/organisations/${worker.federationId}/claims?status=submitted&limit=100`, { user: 'gz-admin' });
    expect(claims.status).toBe(200);
    expect(claims.body.items.map((claim: { claimId: string }) => claim.claimId)).toContain(claimId);
    expect((await call('GET', `/claims/${claimId}/documents/${documentId}`, { user: 'gz-admin' })).status).toBe(200);

    const { items } = await accessLogOf(worker.user);
    expect(items).toEqual([
      { at: expect.any(String), by: subjectOf('gz-admin'), as: 'admin', byUnions: ['gz'], route: 'GET /claims/{claimId}/documents/{documentId}', what: `claim ${claimId}, document ${documentId}` },
      { at: expect.any(String), by: subjectOf('gz-admin'), as: 'admin', byUnions: ['gz'], route: 'GET /organisations/{orgId}/claims', what: `submitted claims list of union ${worker.federationId}` },
    ]);
    expect(JSON.stringify(items)).not.toContain('receipt.png');

    // An operator's reads name her role, and no unions.
    expect((await call('GET', `/claims/${claimId}/documents/${documentId}`, { user: 'operator' })).status).toBe(200);
    expect((await accessLogOf(worker.user, '?limit=1')).items).toEqual([expect.objectContaining({ by: subjectOf('operator'), as: 'operator', byUnions: [] })]);
  });
});
