/**
 * Subsidy programmes over HTTP: an operator adds one as data; members apply once and the
 * pre-check names the rule they fail; admins of their union chain review (also a page at once,
 * also racing); the lottery publishes list, commitment and a beacon round still to come, then —
 * once the round is out — the secret and the round's value, and the test recomputes the winners on
 * its own.
 */
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { call } from '../support/api';
import { localDynamo } from '../support/local-aws';
import { residentId } from '../support/resident-ids';
import { uniquePhone } from '../support/phones';
import { beaconRoundArrives } from '../support/schedules';
import { programme as scenarioProgramme } from '../support/scenario';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

const programme = (quota: number) =>
  scenarioProgramme('operator', quota, {
    name: 'Test degree subsidy',
    eligibility: { verified: true, minMembershipMonths: 0, levelRequired: true, obtainedWithinMonths: 24 },
    amount: { kind: 'by-level', levels: { bachelor: 100_000, master: 150_000 } },
  });

async function verifiedMember(organisationId = 'gz-metro') {
  const user = `applicant-${randomUUID().slice(0, 8)}`;
  await call('POST', '/members', { user, body: { name: 'Applicant', phone: uniquePhone(), industry: 'other' } });
  await call('POST', '/me/membership', { user, body: { organisationId } });
  expect((await call('POST', '/me/verification', { user, body: { name: '申请人', idNumber: residentId('19940404') } })).status).toBe(200);
  return user;
}

/** An operator closes this year's cycle before its window ends (the draw list is committed only after). */
async function closeEarly(programmeId: string) {
  const closed = await call('POST', `/programmes/${programmeId}/cycles/${year}/close`, { user: 'operator', body: { reason: 'The budget for this year is spent.' } });
  expect(closed.status).toBe(201);
  return closed.body;
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
    await closeEarly(programmeId);
    const committed = await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/commit`, { user: 'operator' });
    expect(committed.status).toBe(201);
    const eligible = [ids[0], ids[1], ids[3]].sort();
    expect(committed.body).toMatchObject({ quota: 2, eligible });
    expect(committed.body.secret).toBeUndefined();
    expect(committed.body.seed).toBeUndefined();
    expect((await call('GET', `/programmes/${programmeId}/cycles/${cycle}/lottery`, { user: users[0] })).body.secret).toBeUndefined();
    // The seed depends on a beacon round published after the commitment: no draw before it.
    expect(new Date(committed.body.beacon.roundAt).getTime()).toBeGreaterThan(new Date(committed.body.committedAt).getTime());
    const tooEarly = await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/draw`, { user: 'operator' });
    expect([tooEarly.status, tooEarly.body.code]).toEqual([425, 'BEACON_ROUND_PENDING']);
    await beaconRoundArrives(committed.body.beacon);

    expect((await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/draw`, { user: 'operator' })).body).toMatchObject({ drawn: 3, selected: 2 });
    const proof = (await call('GET', `/programmes/${programmeId}/cycles/${cycle}/lottery`, { user: users[0] })).body;
    // Recomputed here from the published list, the revealed secret and the beacon round, without the project's code.
    expect(sha256(proof.secret)).toBe(committed.body.commitment);
    expect(proof.beacon).toMatchObject({ round: committed.body.beacon.round, randomness: createHash('sha256').update(Buffer.from(proof.beacon.signature, 'hex')).digest('hex') });
    const seed = sha256(proof.secret + proof.beacon.randomness);
    expect(proof.seed).toBe(seed);
    const expected = eligible
      .map((id) => ({ id, rank: sha256(`${seed}:${id}`) }))
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

    const outsideDecision = await call('POST', `/applications/${onNotice}/objection-decision`, { user: 'sz-admin', body: { decision: 'uphold', reason: 'x' } });
    expect([outsideDecision.status, outsideDecision.body.code]).toEqual([404, 'APPLICATION_NOT_FOUND']);
    const upheld = await call('POST', `/applications/${onNotice}/objection-decision`, { user: 'gz-admin', body: { decision: 'uphold', reason: 'The university confirmed it.' } });
    expect(upheld.body.status).toBe('rejected');
    expect((await call('POST', `/applications/${onNotice}/objections`, { user: 'alice', body: { reason: 'Objecting to a rejected application.' } })).status).toBe(409);

    // A dismissal stands: nobody can hold the payment again with another objection.
    expect((await call('POST', `/applications/${alsoOnNotice}/objections`, { user: 'alice', body: { reason } })).status).toBe(201);
    const pending = await call('POST', `/applications/${alsoOnNotice}/objections`, { user: users[2]!, body: { reason: 'A second objection while the first waits.' } });
    expect([pending.status, pending.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const dismissed = await call('POST', `/applications/${alsoOnNotice}/objection-decision`, { user: 'gz-admin', body: { decision: 'dismiss', reason: 'The degree is genuine.' } });
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

describe('a frozen draw', () => {
  it('commits only a closed cycle; the published list never changes and no draw selects more than the quota', async () => {
    const programmeId = await programme(2);
    const cycle = String(year);
    const users = await Promise.all([0, 1, 2, 3].map(() => verifiedMember()));
    const ids: string[] = [];
    for (const user of users.slice(0, 3)) {
      ids.push((await call('POST', `/programmes/${programmeId}/applications`, { user, body: { details: { level: 'bachelor', obtainedOn: recently } } })).body.applicationId);
    }
    const approved = await call('POST', '/applications/reviews', { user: 'gz-admin', body: { decisions: ids.map((applicationId) => ({ applicationId, decision: 'approve' })) } });
    expect(approved.body.results.map((r: { status: string }) => r.status)).toEqual(['approved', 'approved', 'approved']);

    // While applications are open there is no draw list to commit.
    const whileOpen = await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/commit`, { user: 'operator' });
    expect([whileOpen.status, whileOpen.body.code]).toEqual([409, 'LOTTERY_STATE']);

    // An operator closes the cycle early, saying why; who and when are recorded, once.
    expect((await call('POST', `/programmes/${programmeId}/cycles/${cycle}/close`, { user: 'gz-admin', body: { reason: 'Closing it myself.' } })).body.code).toBe('ROLE_REQUIRED');
    const noReason = await call('POST', `/programmes/${programmeId}/cycles/${cycle}/close`, { user: 'operator', body: {} });
    expect([noReason.status, noReason.body.errors[0].field]).toEqual([400, 'body.reason']);
    const wrongCycle = await call('POST', `/programmes/${programmeId}/cycles/${cycle}-Q1/close`, { user: 'operator', body: { reason: 'A quarter of an annual programme.' } });
    expect([wrongCycle.status, wrongCycle.body.errors[0].field]).toEqual([400, 'params.cycle']);
    const closed = await closeEarly(programmeId);
    expect(closed).toEqual({ programmeId, cycle, closedAt: expect.any(String), closedBy: 'demo-operator', reason: 'The budget for this year is spent.', early: true });
    const again = await call('POST', `/programmes/${programmeId}/cycles/${cycle}/close`, { user: 'operator', body: { reason: 'Closing it once more.' } });
    expect([again.status, again.body.code]).toEqual([409, 'CYCLE_STATE']);
    // Nothing enters a closed cycle.
    const late = await call('POST', `/programmes/${programmeId}/applications`, { user: users[3], body: { details: { level: 'bachelor', obtainedOn: recently } } });
    expect([late.status, late.body.code, late.body.rule]).toEqual([400, 'PRECHECK_FAILED', 'application-window']);

    const first = await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/commit`, { user: 'operator' });
    expect(first.status).toBe(201);
    expect(first.body.eligible).toEqual([...ids].sort());

    // An application approved after the commit (one that slipped in as the cycle closed; written
    // straight to storage here, with the index keys a re-run of the commit would list it by).
    const union = (await call('GET', '/organisations/gz-metro', { user: 'alice' })).body;
    const lateId = randomUUID();
    const at = new Date().toISOString();
    const { documents } = localDynamo();
    await documents.send(
      new PutCommand({
        TableName: 'subsidies',
        Item: {
          pk: `APP#${lateId}`, sk: 'APP', gsi1pk: 'MEMBER#late', gsi1sk: at, gsi2pk: `CYCLE#${programmeId}#${cycle}`, gsi2sk: `approved#${lateId}`,
          gsi3pk: `SUBTREE#${programmeId}#${cycle}#approved`, gsi3sk: `${union.path}${at}#${lateId}`,
          applicationId: lateId, programmeId, cycle, userId: 'late', applicantName: '迟到者', organisationId: 'gz-metro', organisationPath: union.path,
          details: { level: 'bachelor' }, amountFen: 100_000, status: 'approved', createdAt: at, updatedAt: at, version: 2,
        },
      }),
    );

    // A second commit, and two at once on another cycle: refused, and the published list is as it was.
    const second = await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/commit`, { user: 'operator' });
    expect([second.status, second.body.code]).toEqual([409, 'LOTTERY_STATE']);
    const proofBefore = (await call('GET', `/programmes/${programmeId}/cycles/${cycle}/lottery`, { user: users[0] })).body;
    expect(proofBefore).toMatchObject({ eligible: first.body.eligible, commitment: first.body.commitment, committedAt: first.body.committedAt });

    // Two draws, one after the other and two at once: the quota, never more.
    await beaconRoundArrives(first.body.beacon);
    const draws = [await call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/draw`, { user: 'operator' })];
    draws.push(...(await Promise.all([0, 1].map(() => call('POST', `/programmes/${programmeId}/cycles/${cycle}/lottery/draw`, { user: 'operator' })))));
    for (const draw of draws) expect(draw.body).toMatchObject({ drawn: 3, selected: 2 });
    const proof = (await call('GET', `/programmes/${programmeId}/cycles/${cycle}/lottery`, { user: users[0] })).body;
    expect(proof).toMatchObject({ eligible: first.body.eligible, commitment: first.body.commitment, selected: 2 });
    expect(sha256(proof.secret)).toBe(first.body.commitment);
    expect(proof.seed).toBe(sha256(proof.secret + proof.beacon.randomness));
    expect(proof.winners).toHaveLength(2);
    const statuses = await Promise.all(ids.map(async (id, i) => (await call('GET', `/applications/${id}`, { user: users[i] })).body.status));
    expect(statuses.filter((status) => status === 'in-notice')).toHaveLength(2);
    expect(statuses.filter((status) => status === 'not-selected')).toHaveLength(1);
    // The late one was not in the published list: it is not drawn, and waits, approved, in the work list.
    const waiting = await call('GET', `/organisations/gz/applications?programmeId=${programmeId}&status=approved`, { user: 'gz-admin' });
    expect(waiting.body.items.map((a: { applicationId: string }) => a.applicationId)).toEqual([lateId]);

    // Two commits at once on a fresh closed cycle: one is published, and it is the one the proof shows.
    const other = await programme(1);
    const member = await verifiedMember();
    const otherId = (await call('POST', `/programmes/${other}/applications`, { user: member, body: { details: { level: 'master', obtainedOn: recently } } })).body.applicationId;
    expect((await call('POST', `/applications/${otherId}/review`, { user: 'gz-admin', body: { decision: 'approve' } })).status).toBe(200);
    await closeEarly(other);
    const racing = await Promise.all([0, 1].map(() => call('POST', `/programmes/${other}/cycles/${cycle}/lottery/commit`, { user: 'operator' })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    const published = racing.find((r) => r.status === 201)!.body;
    expect((await call('GET', `/programmes/${other}/cycles/${cycle}/lottery`, { user: member })).body).toMatchObject({ eligible: [otherId], commitment: published.commitment });
  });
});

describe('the lists people work from', () => {
  it("lists a cycle's applications by status across an admin's whole subtree, page by page, in scope", async () => {
    const programmeId = await programme(5);
    const metro = await Promise.all([0, 1, 2].map(() => verifiedMember('gz-metro')));
    const ids: string[] = [];
    for (const user of metro) {
      ids.push((await call('POST', `/programmes/${programmeId}/applications`, { user, body: { details: { level: 'bachelor', obtainedOn: recently } } })).body.applicationId);
    }
    const list = (org: string, query: string, user = 'gz-admin') => call('GET', `/organisations/${org}/applications?programmeId=${programmeId}${query}`, { user });

    // The city's admin sees the grassroots union's applications (the whole subtree, not the city's own), pending review by default.
    const all = await list('gz', '');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ programmeId, cycle: String(year), status: 'pending-review' });
    expect(all.body.items.map((a: { applicationId: string }) => a.applicationId).sort()).toEqual([...ids].sort());
    expect((await list('gd', '', 'gd-admin')).body.items).toHaveLength(3);
    // Page by page, every one once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list('gz', `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((a: { applicationId: string }) => a.applicationId));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
    // A cursor of another list is refused.
    const firstPage = await list('gz', '&limit=1');
    const foreign = await list('gd', `&limit=1&cursor=${firstPage.body.cursor}`, 'gd-admin');
    expect([foreign.status, foreign.body.code]).toEqual([400, 'INVALID_CURSOR']);
    expect((await list('gz', '&cursor=bm90LWEtY3Vyc29y')).body.code).toBe('INVALID_CURSOR');
    // Another city's subtree: 403; a union that does not exist: 404; a programme that does not: 404.
    expect([(await list('gz', '', 'sz-admin')).status, (await list('gz', '', 'sz-admin')).body.code]).toEqual([403, 'NOT_IN_SCOPE']);
    expect((await list('sz', '', 'sz-admin')).body.items).toEqual([]);
    expect((await list('no-such-union', '')).body.code).toBe('ORGANISATION_NOT_FOUND');
    expect((await call('GET', '/organisations/gz/applications?programmeId=no-such-programme', { user: 'gz-admin' })).body.code).toBe('PROGRAMME_NOT_FOUND');

    // Decided ones leave the list of those to decide and join their status's list.
    await call('POST', '/applications/reviews', { user: 'gz-admin', body: { decisions: ids.map((applicationId) => ({ applicationId, decision: 'approve' })) } });
    expect((await list('gz', '')).body.items).toEqual([]);
    expect((await list('gz', '&status=approved')).body.items).toHaveLength(3);

    // The public notice: masked names, union names, amounts and when objections close; members object from it.
    await closeEarly(programmeId);
    const noticeCommit = await call('POST', `/programmes/${programmeId}/cycles/${year}/lottery/commit`, { user: 'operator' });
    expect(noticeCommit.status).toBe(201);
    await beaconRoundArrives(noticeCommit.body.beacon);
    expect((await call('POST', `/programmes/${programmeId}/cycles/${year}/lottery/draw`, { user: 'operator' })).status).toBe(200);
    const notice = await call('GET', `/programmes/${programmeId}/cycles/${year}/notice`, { user: 'alice' });
    expect(notice.status).toBe(200);
    expect(notice.body).toMatchObject({ programmeId, programmeName: 'Test degree subsidy', cycle: String(year) });
    expect(notice.body.items).toHaveLength(3);
    for (const item of notice.body.items) {
      expect(item).toEqual({ applicationId: expect.any(String), name: expect.stringMatching(/^.\*+$/u), unionName: 'Pearl River Metro Workers Union', amountFen: 100_000, noticeEndsAt: expect.any(String), objectionsOpen: true });
    }
    expect(JSON.stringify(notice.body)).not.toMatch(/申请人|Applicant|demo-|applicant-/);
    const [objectTo] = notice.body.items.map((item: { applicationId: string }) => item.applicationId) as string[];
    const objection = await call('POST', `/applications/${objectTo}/objections`, { user: 'alice', body: { reason: 'This applicant has not graduated yet.' } });
    expect(objection.status).toBe(201);
    const pages = [await call('GET', `/programmes/${programmeId}/cycles/${year}/notice?limit=2`, { user: 'bob' })];
    pages.push(await call('GET', `/programmes/${programmeId}/cycles/${year}/notice?limit=2&cursor=${pages[0]!.body.cursor}`, { user: 'bob' }));
    const items = pages.flatMap((page) => page.body.items);
    expect(items).toHaveLength(3);
    expect(pages[1]!.body.cursor).toBeUndefined();
    expect(items.find((item: { applicationId: string }) => item.applicationId === objectTo).objectionsOpen).toBe(false);
    expect((await call('GET', `/programmes/${programmeId}/cycles/${year}/notice?cursor=${firstPage.body.cursor}`, { user: 'bob' })).body.code).toBe('INVALID_CURSOR');

    // Whoever decides objections lists those waiting for a decision, with who objected and why.
    const objected = await list('gz', '&status=objected');
    expect(objected.body.items).toEqual([expect.objectContaining({ applicationId: objectTo, status: 'objected', objection: { by: 'demo-alice', reason: 'This applicant has not graduated yet.', at: objection.body.at } })]);
    expect((await list('gz', '&status=objected', 'sz-admin')).status).toBe(403);
  });

  it('never lists an application whose union has moved out of the subtree', async () => {
    const programmeId = await programme(5);
    const union = await call('POST', '/organisations', { user: 'operator', body: { parentId: 'gz-tianhe-wushan', name: `搬迁测试工会 ${randomUUID().slice(0, 4)}`, kind: 'grassroots', autoApprove: true } });
    expect(union.status).toBe(201);
    const user = await verifiedMember(union.body.id);
    const id = (await call('POST', `/programmes/${programmeId}/applications`, { user, body: { details: { level: 'bachelor', obtainedOn: recently } } })).body.applicationId;
    const listed = async (org: string, admin: string) =>
      (await call('GET', `/organisations/${org}/applications?programmeId=${programmeId}`, { user: admin })).body.items.map((a: { applicationId: string }) => a.applicationId);
    expect(await listed('gz', 'gz-admin')).toEqual([id]);
    expect((await call('POST', `/organisations/${union.body.id}/move`, { user: 'operator', body: { newParentId: 'sz-nanshan-yuehai' } })).status).toBe(202);
    // The application still carries its Guangzhou path; the tree as it is now decides.
    expect(await listed('gz', 'gz-admin')).toEqual([]);
    expect(await listed('gd', 'gd-admin')).toEqual([id]);
  });
});
