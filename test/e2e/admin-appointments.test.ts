/**
 * Appointing and removing union admins over HTTP: an admin within her own subtree, the operator
 * anywhere; the grant takes effect on the appointee's next request and goes on the next request
 * after removal; every change is on the union's record, and the roster is scoped like the tree.
 */
import { describe, expect, it } from 'vitest';
import { subjectOf } from '../../local/demo';
import { call } from '../support/api';
import { organisation, short, signedUp } from '../support/scenario';

describe('admin appointments', () => {
  it('an appointed admin acts on the next request; removed, she cannot on the next one', async () => {
    const union = (await organisation('sz-admin', 'sz')).id;
    const user = await signedUp();
    const before = await call('GET', `/organisations/${union}/join-requests`, { user });
    expect(before.status).toBe(403);
    expect(before.body.code).toBe('ROLE_REQUIRED');

    const key = `appoint-${short()}`;
    const appointed = await call('POST', `/organisations/${union}/admins`, { user: 'sz-admin', body: { userId: subjectOf(user) }, headers: { 'idempotency-key': key } });
    expect(appointed.status).toBe(201);
    expect(appointed.body).toMatchObject({ organisationId: union, userId: subjectOf(user), name: 'Test Member', appointedBy: subjectOf('sz-admin') });
    // A retry with the same key is the same appointment, not a conflict.
    const replay = await call('POST', `/organisations/${union}/admins`, { user: 'sz-admin', body: { userId: subjectOf(user) }, headers: { 'idempotency-key': key } });
    expect(replay).toMatchObject({ status: 201, body: appointed.body });

    expect((await call('GET', `/organisations/${union}/join-requests`, { user })).status).toBe(200);
    expect((await call('GET', `/organisations/${union}/admins`, { user })).body.items.map((a: { userId: string }) => a.userId)).toEqual([subjectOf(user)]);
    expect((await call('GET', '/me', { user })).body.grants).toEqual([expect.objectContaining({ role: 'admin', organisationId: union })]);
    // Her own subtree only: not the city above.
    const above = await call('POST', '/organisations/sz/admins', { user, body: { userId: subjectOf(user) } });
    expect(above.status).toBe(403);
    expect(above.body.code).toBe('NOT_IN_SCOPE');

    const again = await call('POST', `/organisations/${union}/admins`, { user: 'gd-admin', body: { userId: subjectOf(user) } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_ADMIN');

    const removed = await call('DELETE', `/organisations/${union}/admins/${subjectOf(user)}`, { user: 'gd-admin' });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ organisationId: union, userId: subjectOf(user), removedBy: subjectOf('gd-admin') });
    const after = await call('GET', `/organisations/${union}/join-requests`, { user });
    expect(after.status).toBe(403);
    expect(after.body.code).toBe('ROLE_REQUIRED');
    const twice = await call('DELETE', `/organisations/${union}/admins/${subjectOf(user)}`, { user: 'gd-admin' });
    expect(twice.status).toBe(404);
    expect(twice.body.code).toBe('ADMIN_NOT_FOUND');
    // The last admin may go: the union stays administered by the admins above it.
    expect((await call('GET', `/organisations/${union}/admins`, { user: 'sz-admin' })).body.items).toEqual([]);

    const changes = await call('GET', `/organisations/${union}/admin-changes`, { user: 'sz-admin' });
    expect(changes.status).toBe(200);
    expect(changes.body.items.map((c: { event: string; by: string; userId: string }) => [c.event, c.by, c.userId])).toEqual([
      ['removed', subjectOf('gd-admin'), subjectOf(user)],
      ['appointed', subjectOf('sz-admin'), subjectOf(user)],
    ]);
  });

  it('refuses an appointment outside the caller’s subtree, of an unknown union, or of someone who never signed up', async () => {
    const union = (await organisation('sz-admin', 'sz')).id;
    const user = await signedUp();
    const outside = await call('POST', `/organisations/${union}/admins`, { user: 'gz-admin', body: { userId: subjectOf(user) } });
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('NOT_IN_SCOPE');
    expect((await call('GET', `/organisations/${union}/admins`, { user: 'gz-admin' })).body.code).toBe('NOT_IN_SCOPE');
    expect((await call('GET', `/organisations/${union}/admin-changes`, { user: 'gz-admin' })).status).toBe(403);
    const removeOutside = await call('DELETE', `/organisations/sz/admins/${subjectOf('sz-admin')}`, { user: 'gz-admin' });
    expect(removeOutside.status).toBe(403);

    const unknownUnion = await call('POST', '/organisations/no-such-union/admins', { user: 'operator', body: { userId: subjectOf(user) } });
    expect(unknownUnion.status).toBe(404);
    expect(unknownUnion.body.code).toBe('ORGANISATION_NOT_FOUND');
    const stranger = await call('POST', `/organisations/${union}/admins`, { user: 'sz-admin', body: { userId: `never-signed-up-${short()}` } });
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('USER_NOT_FOUND');
    const bad = await call('POST', `/organisations/${union}/admins`, { user: 'sz-admin', body: { userId: 'not an id!' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.userId');
    // A member is not an admin.
    expect((await call('POST', `/organisations/${union}/admins`, { user, body: { userId: subjectOf(user) } })).body.code).toBe('ROLE_REQUIRED');
  });

  it('lets the operator appoint at the top, and shows the demo’s admins on their unions', async () => {
    const user = await signedUp();
    const appointed = await call('POST', '/organisations/gd/admins', { user: 'operator', body: { userId: subjectOf(user) } });
    expect(appointed.status).toBe(201);
    expect((await call('GET', '/organisations/sz/children?limit=1', { user })).status).toBe(200);
    expect((await call('POST', `/organisations/sz/admins`, { user, body: { userId: subjectOf(user) } })).status).toBe(201);
    const sz = await call('GET', '/organisations/sz/admins', { user: 'sz-admin' });
    expect(sz.body.items.map((a: { userId: string }) => a.userId)).toEqual(expect.arrayContaining([subjectOf('sz-admin'), subjectOf(user)]));
    expect((await call('DELETE', `/organisations/gd/admins/${subjectOf(user)}`, { user: 'operator' })).status).toBe(200);
    expect((await call('DELETE', `/organisations/sz/admins/${subjectOf(user)}`, { user: 'sz-admin' })).status).toBe(200);
  });
});
