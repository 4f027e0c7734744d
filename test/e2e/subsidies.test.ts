/**
 * Subsidy programmes over HTTP: an operator adds one as data; members apply once and the
 * pre-check names the rule they fail; admins of their union chain review (also a page at once,
 * also racing); the lottery publishes list and commitment, then the seed, and the test
 * recomputes the winners on its own.
 */
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../support/api';
import { residentId } from '../support/resident-ids';
import { uniquePhone } from '../support/phones';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

async function programme(quota: number) {
  const programmeId = `test-${randomUUID().slice(0, 8)}`;
  const created = await call('POST', '/programmes', {
    user: 'operator',
    body: {
      programmeId,
      name: 'Test degree subsidy',
      cycle: 'annual',
      window: { opens: '01-01', closes: '12-31' },
      eligibility: { verified: true, minMembershipMonths: 0, levelRequired: true, obtainedWithinMonths: 24 },
      amount: { kind: 'by-level', levels: { bachelor: 100_000, master: 150_000 } },
      quotaPerCycle: quota,
      noticeDays: 7,
    },
  });
  expect(created.status).toBe(201);
  return programmeId;
}

async function verifiedMember(organisationId = 'gz-metro') {
  const user = `applicant-${randomUUID().slice(0, 8)}`;
  await call('POST', '/members', { user, body: { name: 'Applicant', phone: uniquePhone(), industry: 'other' } });
  await call('POST', '/me/membership', { user, body: { organisationId } });
  expect((await call('POST', '/me/verification', { user, body: { name: '申请人', idNumber: residentId('19940404') } })).status).toBe(200);
  return user;
}

const recently = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 10);

describe('applying', () => {
  it('pre-checks and names the rule that fails; applies once', async () => {
    const programmeId = await programme(10);
    const unverified = `applicant-${randomUUID().slice(0, 8)}`;
    await call('POST', '/members', { user: unverified, body: { name: 'Applicant', phone: uniquePhone(), industry: 'other' } });
    await call('POST', '/me/membership', { user: unverified, body: { organisationId: 'gz-metro' } });
    const notVerified = await call('POST', `/programmes/${programmeId}/applications`, { user: unverified, body: { details: { level: 'bachelor', obtainedOn: recently } } });
    expect(notVerified.status).toBe(400);
    expect(notVerified.body).toMatchObject({ code: 'PRECHECK_FAILED', rule: 'verified' });

    const user = await verifiedMember();
    const badLevel = await call('POST', `/programmes/${programmeId}/applications`, { user, body: { details: { level: 'kindergarten', obtainedOn: recently } } });
    expect(badLevel.body).toMatchObject({ code: 'PRECHECK_FAILED', rule: 'level', errors: [{ field: 'body.details.level' }] });
    const old = await call('POST', `/programmes/${programmeId}/applications`, { user, body: { details: { level: 'bachelor', obtainedOn: '2010-07-01' } } });
    expect(old.body).toMatchObject({ rule: 'obtained-within', errors: [{ field: 'body.details.obtainedOn' }] });

    const applied = await call('POST', `/programmes/${programmeId}/applications`, {
      user,
      body: { details: { level: 'master', obtainedOn: recently }, documents: [{ fileName: 'diploma.pdf', contentType: 'application/pdf', sizeBytes: 5 }] },
    });
    expect(applied.status).toBe(201);
    const put = await fetch(applied.body.uploads[0].uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array([37, 80, 68, 70, 45]) });
    expect(put.status).toBe(200);
    expect(applied.body.documents[0]).toMatchObject({ fileName: 'diploma.pdf', key: applied.body.uploads[0].key });
    expect(applied.body).toMatchObject({ status: 'pending-review', amountFen: 150_000, cycle: String(year), organisationId: 'gz-metro' });
    const twice = await call('POST', `/programmes/${programmeId}/applications`, { user, body: { details: { level: 'master', obtainedOn: recently } } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_APPLIED');
    expect((await call('GET', '/me/applications', { user })).body.items.map((a: { applicationId: string }) => a.applicationId)).toEqual([applied.body.applicationId]);
  });
});

describe('review and lottery', () => {
  it('reviews within scope, once, and draws winners anyone can recompute', async () => {
    const programmeId = await programme(2);
    const users = await Promise.all([0, 1, 2, 3].map(() => verifiedMember()));
    const ids: string[] = [];
    for (const user of users) {
      ids.push((await call('POST', `/programmes/${programmeId}/applications`, { user, body: { details: { level: 'bachelor', obtainedOn: recently } } })).body.applicationId);
    }

    // Another subtree's application is answered exactly as an unknown one.
    const outside = await call('POST', `/applications/${ids[0]}/review`, { user: 'sz-admin', body: { decision: 'approve' } });
    const unknown = await call('POST', `/applications/${randomUUID()}/review`, { user: 'sz-admin', body: { decision: 'approve' } });
    expect(outside.status).toBe(404);
    expect([outside.body.code, outside.body.detail]).toEqual(['APPLICATION_NOT_FOUND', unknown.body.detail]);
    expect((await call('GET', `/applications/${ids[0]}`, { user: 'sz-admin' })).status).toBe(404);
    expect((await call('GET', `/applications/${ids[0]}`, { user: users[1] })).status).toBe(404); // another member's

    const bulk = await call('POST', '/applications/reviews', {
      user: 'gz-admin',
      body: {
        decisions: [
          { applicationId: ids[0], decision: 'approve' },
          { applicationId: ids[1], decision: 'approve' },
          { applicationId: ids[2], decision: 'reject', reason: 'The degree is not from an accredited institution.' },
        ],
      },
    });
    expect(bulk.body.results.map((r: { status: string }) => r.status)).toEqual(['approved', 'approved', 'rejected']);
    // Two admins decide the last one at the same moment: one decision stands.
    const race = await Promise.all(['gz-admin', 'gd-admin'].map((admin) => call('POST', `/applications/${ids[3]}/review`, { user: admin, body: { decision: 'approve' } })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await call('POST', `/applications/${ids[2]}/review`, { user: 'gz-admin', body: { decision: 'approve' } })).body.code).toBe('ILLEGAL_TRANSITION');

    const cycle = String(year);
    const committed = await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/commit`, { user: 'operator' });
    expect(committed.status).toBe(201);
    const eligible = [ids[0], ids[1], ids[3]].sort();
    expect(committed.body).toMatchObject({ quota: 2, eligible });
    expect(committed.body.seed).toBeUndefined();
    expect((await call('GET', `/programmes/${programmeId}/cycles/${cycle}/lottery`, { user: users[0] })).body.seed).toBeUndefined();

    expect((await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/draw`, { user: 'operator' })).body).toMatchObject({ drawn: 3, selected: 2 });
    const proof = (await call('GET', `/programmes/${programmeId}/cycles/${cycle}/lottery`, { user: users[0] })).body;
    // Recomputed here from the published list and the revealed seed, without the project's code.
    expect(sha256(proof.seed)).toBe(committed.body.commitment);
    const expected = eligible
      .map((id) => ({ id, rank: sha256(`${proof.seed}:${id}`) }))
      .sort((a, b) => a.rank.localeCompare(b.rank))
      .slice(0, 2)
      .map((e) => e.id)
      .sort();
    expect(proof.winners).toEqual(expected);

    const again = await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/draw`, { user: 'operator' });
    expect(again.body.selected).toBe(2);
    for (const [i, id] of ids.entries()) {
      const application = await call('GET', `/applications/${id}`, { user: users[i] });
      const want = i === 2 ? 'rejected' : expected.includes(id) ? 'in-notice' : 'not-selected';
      expect(application.body.status).toBe(want);
      if (want !== 'rejected') expect(application.body.timeline.map((e: { to: string }) => e.to)).toEqual(['pending-review', 'approved', want]);
    }
    expect((await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/commit`, { user: 'operator' })).status).toBe(409);

    // Step 5: a result on notice can be objected to; an upheld objection rejects it, once.
    const [onNotice, alsoOnNotice] = expected as [string, string];
    const reason = 'This applicant did not finish the degree this year.';
    const objected = await call('POST', `/applications/${onNotice}/objections`, { user: 'alice', body: { reason } });
    expect(objected.status).toBe(201);
    // The objector gets a receipt of her objection, not the applicant's record.
    expect(objected.body).toEqual({ applicationId: onNotice, reason, at: expect.any(String) });
    // The applicant sees the objection, not who made it; the admins who decide see both.
    const applicant = users[ids.indexOf(onNotice)]!;
    const seenByApplicant = (await call('GET', `/applications/${onNotice}`, { user: applicant })).body;
    expect(seenByApplicant.status).toBe('objected');
    expect(seenByApplicant.objection).toEqual({ reason, at: objected.body.at });
    expect(JSON.stringify(seenByApplicant)).not.toContain('demo-alice');
    expect(JSON.stringify((await call('GET', '/me/applications', { user: applicant })).body)).not.toContain('demo-alice');
    const seenByAdmin = (await call('GET', `/applications/${onNotice}`, { user: 'gz-admin' })).body;
    expect(seenByAdmin.objection).toEqual({ by: 'demo-alice', reason, at: objected.body.at });
    expect(seenByAdmin.timeline.at(-1)).toMatchObject({ to: 'objected', by: 'demo-alice' });

    const outsideDecision = await call('POST', `/applications/${onNotice}/objection-decision`, { user: 'sz-admin', body: { uphold: true, reason: 'x' } });
    expect([outsideDecision.status, outsideDecision.body.code]).toEqual([404, 'APPLICATION_NOT_FOUND']);
    const upheld = await call('POST', `/applications/${onNotice}/objection-decision`, { user: 'gz-admin', body: { uphold: true, reason: 'The university confirmed it.' } });
    expect(upheld.body.status).toBe('rejected');
    expect((await call('POST', `/applications/${onNotice}/objections`, { user: 'alice', body: { reason: 'Objecting to a rejected application.' } })).status).toBe(409);

    // A dismissal stands: nobody can hold the payment again with another objection.
    expect((await call('POST', `/applications/${alsoOnNotice}/objections`, { user: 'alice', body: { reason } })).status).toBe(201);
    const pending = await call('POST', `/applications/${alsoOnNotice}/objections`, { user: users[2]!, body: { reason: 'A second objection while the first waits.' } });
    expect([pending.status, pending.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const dismissed = await call('POST', `/applications/${alsoOnNotice}/objection-decision`, { user: 'gz-admin', body: { uphold: false, reason: 'The degree is genuine.' } });
    expect(dismissed.body).toMatchObject({ status: 'in-notice', objectionDismissedAt: expect.any(String) });
    for (const user of ['alice', users[2]!]) {
      const again = await call('POST', `/applications/${alsoOnNotice}/objections`, { user, body: { reason: 'Objecting once more, to hold the payment.' } });
      expect([again.status, again.body.code]).toEqual([409, 'OBJECTION_CLOSED']);
    }
    expect((await call('GET', `/applications/${alsoOnNotice}`, { user: 'gz-admin' })).body.status).toBe('in-notice');
  });

  it('lists the report’s three programmes', async () => {
    const list = await call('GET', '/programmes', { user: 'alice' });
    expect(list.body.items.map((p: { programmeId: string }) => p.programmeId)).toEqual(expect.arrayContaining(['education-degree', 'grassroots-chair', 'social-work-award']));
    const { status: _status, createdAt: _createdAt, ...again } = list.body.items.find((p: { programmeId: string }) => p.programmeId === 'education-degree');
    const duplicate = await call('POST', '/programmes', { user: 'operator', body: again });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('PROGRAMME_EXISTS');
    expect((await call('POST', '/programmes', { user: 'gz-admin', body: { ...again, programmeId: 'not-for-admins' } })).status).toBe(403);
  });
});
