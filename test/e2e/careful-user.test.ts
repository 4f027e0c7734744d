/**
 * What a careful user tries: cursors that are not ours, a union that does not exist, and an
 * upload URL that real S3 would accept (no checksum of an empty body; type and size signed).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../support/api';
import { uniquePhone } from '../support/phones';

describe('cursors', () => {
  it.each([
    ['garbage', 'not-a-cursor!'],
    ['a key of another table', Buffer.from(JSON.stringify({ id: 'x', expiration: 1 })).toString('base64url')],
    ['a nested object', Buffer.from(JSON.stringify({ pk: { S: 'ORG#gd' } })).toString('base64url')],
  ])('refuses %s with 400 INVALID_CURSOR, never a 500', async (_what, cursor) => {
    const answer = await call('GET', `/organisations/gd/children?cursor=${encodeURIComponent(cursor)}`, { user: 'alice' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'INVALID_CURSOR', errors: [{ field: 'query.cursor' }], requestId: expect.any(String) });
  });

  it('pages children with the cursors it gave out', async () => {
    const first = await call('GET', '/organisations/gd/children?limit=1', { user: 'alice' });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const next = await call('GET', `/organisations/gd/children?limit=1&cursor=${first.body.cursor}`, { user: 'alice' });
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
  });
});

describe('a union that does not exist', () => {
  it('has no children list: 404 ORGANISATION_NOT_FOUND', async () => {
    const answer = await call('GET', '/organisations/no-such-union/children', { user: 'alice' });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('ORGANISATION_NOT_FOUND');
  });
});

describe('presigned uploads', () => {
  it('sign the declared type and size and no checksum of an empty body, and take the declared file', async () => {
    const user = `uploader-${randomUUID().slice(0, 8)}`;
    await call('POST', '/members', { user, body: { name: '上传者', phone: uniquePhone(), industry: 'courier' } });
    const joined = await call('POST', '/gig-workers/join', { user, body: { cityId: 'sz', industry: 'courier' } });
    const policy = joined.body.policy;
    const filed = await call('POST', '/me/claims', {
      user,
      body: {
        policyNo: policy.policyNo,
        kind: 'accident-medical',
        incidentDate: policy.startsOn,
        amountFen: 10_000,
        description: 'Twisted an ankle on the stairs while delivering.',
        documents: [{ fileName: 'receipt.pdf', contentType: 'application/pdf', sizeBytes: 5 }],
      },
    });
    expect(filed.status).toBe(201);
    const url = new URL(filed.body.uploads[0].uploadUrl);
    expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'))).toEqual([]);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']));
    const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array([37, 80, 68, 70, 45]) });
    expect(put.status).toBe(200);
  });
});
