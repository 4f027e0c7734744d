/**
 * Insurance claims fully online, over HTTP: a covered gig worker files with documents uploaded
 * straight to S3 (fauxqs) by presigned URL; the federation's admin asks for more, approves within
 * cover or rejects; the member follows every step. Illegal moves are refused, also under a race.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { subjectOf } from '../../local/demo';
import { eventually, runSchedule } from '../support/schedules';
import { call } from '../support/api';
import { uniquePhone } from '../support/phones';
import { claimBody } from '../support/fixtures';

async function coveredWorker() {
  const user = `claimant-${randomUUID().slice(0, 8)}`;
  await call('POST', '/members', { user, body: { name: 'Claimant', phone: uniquePhone(), industry: 'courier' } });
  const joined = await call('POST', '/gig-workers/join', { user, body: { cityId: 'sz', industry: 'courier' } });
  expect(joined.status).toBe(201);
  return { user, policy: joined.body.policy as { policyNo: string; startsOn: string; coverage: { accidentMedicalFen: number } } };
}


describe('filing and following a claim', () => {
  it('files with a document uploaded by presigned URL, and follows review to approval', async () => {
    const { user, policy } = await coveredWorker();
    const filed = await call('POST', '/me/claims', { user, body: claimBody(policy, 300_000) });
    expect(filed.status).toBe(201);
    expect(filed.body.claim).toMatchObject({ status: 'submitted', organisationId: 'sz-courier', amountFen: 300_000 });
    const [upload] = filed.body.uploads;
    const put = await fetch(upload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array([137, 80, 78, 71]) });
    expect(put.status).toBe(200);
    const claimId = filed.body.claim.claimId;

    const queue = await call('GET', '/organisations/sz-courier/claims?status=submitted', { user: 'sz-admin' });
    expect(queue.body.items.map((c: { claimId: string }) => c.claimId)).toContain(claimId);

    const ask = await call('POST', `/claims/${claimId}/review`, { user: 'sz-admin', body: { decision: 'request-info', reason: 'Please add the X-ray report.' } });
    expect(ask.body.status).toBe('more-info-requested');
    const more = await call('POST', `/me/claims/${claimId}/documents`, { user, body: { documents: [{ fileName: 'x-ray.pdf', contentType: 'application/pdf', sizeBytes: 3 }] } });
    expect(more.status).toBe(201);
    expect((await call('POST', `/me/claims/${claimId}/resubmit`, { user, body: { note: 'X-ray added.' } })).body.status).toBe('submitted');

    const tooMuch = await call('POST', `/claims/${claimId}/review`, { user: 'sz-admin', body: { decision: 'approve', approvedAmountFen: 300_001 } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors[0].field).toBe('body.approvedAmountFen');
    const approved = await call('POST', `/claims/${claimId}/review`, { user: 'sz-admin', body: { decision: 'approve', approvedAmountFen: 280_000 } });
    expect(approved.body).toMatchObject({ status: 'approved', approvedAmountFen: 280_000, payout: { status: 'queued', amountFen: 280_000 } });

    const followed = await call('GET', `/me/claims/${claimId}`, { user });
    expect(followed.body.documents).toHaveLength(2);
    expect(followed.body.timeline.map((e: { to: string }) => e.to)).toEqual(['submitted', 'more-info-requested', 'submitted', 'approved']);
    expect((await call('GET', '/me/claims', { user })).body.items.map((c: { claimId: string }) => c.claimId)).toEqual([claimId]);
  });

  it('never approves twice, even when two admins press at once', async () => {
    const { user, policy } = await coveredWorker();
    const claimId = (await call('POST', '/me/claims', { user, body: claimBody(policy, 5_000) })).body.claim.claimId;
    const answers = await Promise.all(
      ['sz-admin', 'operator', 'gd-admin'].map((admin) => call('POST', `/claims/${claimId}/review`, { user: admin, body: { decision: 'approve', approvedAmountFen: 5_000 } })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const lost of answers.filter((a) => a.status !== 200)) {
      expect(lost.status).toBe(409);
      expect(['CLAIM_CHANGED', 'ILLEGAL_TRANSITION']).toContain(lost.body.code);
    }
    const again = await call('POST', `/claims/${claimId}/review`, { user: 'sz-admin', body: { decision: 'reject', reason: 'changed my mind' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('keeps approvals within the cover left on the policy', async () => {
    const { user, policy } = await coveredWorker();
    const cover = policy.coverage.accidentMedicalFen;
    const first = (await call('POST', '/me/claims', { user, body: claimBody(policy, cover - 100) })).body.claim.claimId;
    const second = (await call('POST', '/me/claims', { user, body: claimBody(policy, 500) })).body.claim.claimId;
    expect((await call('POST', `/claims/${first}/review`, { user: 'sz-admin', body: { decision: 'approve', approvedAmountFen: cover - 100 } })).status).toBe(200);
    const over = await call('POST', `/claims/${second}/review`, { user: 'sz-admin', body: { decision: 'approve', approvedAmountFen: 500 } });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: 'COVER_EXCEEDED', remainingFen: 100 });
    expect((await call('POST', '/me/claims', { user, body: claimBody(policy, 101) })).body.code).toBe('COVER_EXCEEDED');
  });

  it('refuses a claim outside the policy, and shows a claim only to its member', async () => {
    const { user, policy } = await coveredWorker();
    const early = await call('POST', '/me/claims', { user, body: { ...claimBody(policy, 100), incidentDate: '2020-01-01' } });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('body.incidentDate');
    const notMine = await call('POST', '/me/claims', { user: 'alice', body: claimBody(policy, 100) });
    expect(notMine.status).toBe(404);
    expect(notMine.body.code).toBe('POLICY_NOT_FOUND');

    const claimId = (await call('POST', '/me/claims', { user, body: claimBody(policy, 100) })).body.claim.claimId;
    const peek = await call('GET', `/me/claims/${claimId}`, { user: 'alice' });
    expect(peek.status).toBe(404);
    expect((await call('GET', `/organisations/sz-courier/claims`, { user: 'gz-admin' })).status).toBe(403);
  });
});

describe('the documents of a claim', () => {
  it('upload through the URL only as declared, and open for the reviewer and the member with the same bytes, each opening logged', async () => {
    const { user, policy } = await coveredWorker();
    const file = new Uint8Array([37, 80, 68, 70, 45, 49, 46, 55, 10, 37, 226, 227, 207, 211]); // "%PDF-1.7\n%…"
    const filed = await call('POST', '/me/claims', {
      user,
      body: { ...claimBody(policy, 8_000), documents: [{ fileName: '诊断证明.pdf', contentType: 'application/pdf', sizeBytes: file.length }] },
    });
    expect(filed.status).toBe(201);
    const claimId = filed.body.claim.claimId;
    const [upload] = filed.body.uploads;
    expect(upload).toMatchObject({ contentType: 'application/pdf', sizeBytes: file.length });

    // As S3 does: another type, or a larger file, does not match what was signed.
    const wrongType = await fetch(upload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: file });
    expect(wrongType.status).toBe(403);
    expect(await wrongType.text()).toContain('SignatureDoesNotMatch');
    const larger = await fetch(upload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(file.length + 1024) });
    expect(larger.status).toBe(403);
    const tampered = new URL(upload.uploadUrl);
    tampered.pathname = tampered.pathname.replace(/\/claims\/[^/]+\//, `/claims/${randomUUID()}/`);
    expect((await fetch(tampered, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: file })).status).toBe(403);
    const put = await fetch(upload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: file });
    expect(put.status).toBe(200);

    const listed = await call('GET', '/organisations/sz-courier/claims?status=submitted&limit=100', { user: 'sz-admin' });
    const document = listed.body.items.find((c: { claimId: string }) => c.claimId === claimId).documents[0];
    expect(document).toMatchObject({ documentId: upload.documentId, fileName: '诊断证明.pdf' });

    const opened = await call('GET', `/claims/${claimId}/documents/${upload.documentId}`, { user: 'sz-admin' });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ documentId: upload.documentId, contentType: 'application/pdf', sizeBytes: file.length });
    expect(Date.parse(opened.body.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const got = await fetch(opened.body.viewUrl);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(file);
    // The URL is the document's alone: another key under the same signature is refused.
    const other = new URL(opened.body.viewUrl);
    other.pathname = other.pathname.replace(upload.documentId, randomUUID());
    expect((await fetch(other)).status).toBe(403);

    const mine = await call('GET', `/claims/${claimId}/documents/${upload.documentId}`, { user });
    expect(mine.status).toBe(200);
    expect(new Uint8Array(await (await fetch(mine.body.viewUrl)).arrayBuffer())).toEqual(file);

    // Out of scope, or someone else's: as if the claim did not exist.
    const outside = await call('GET', `/claims/${claimId}/documents/${upload.documentId}`, { user: 'gz-admin' });
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('CLAIM_NOT_FOUND');
    expect((await call('GET', `/claims/${claimId}/documents/${upload.documentId}`, { user: 'alice' })).body.code).toBe('CLAIM_NOT_FOUND');
    expect((await call('GET', `/claims/${claimId}/documents/${randomUUID()}`, { user: 'sz-admin' })).body.code).toBe('DOCUMENT_NOT_FOUND');

    const log = await call('GET', `/claims/${claimId}/document-views`, { user });
    expect(log.status).toBe(200);
    expect(log.body.items.map((v: { by: string; as: string; documentId: string }) => [v.by, v.as, v.documentId])).toEqual([
      [subjectOf(user), 'member', upload.documentId],
      [subjectOf('sz-admin'), 'admin', upload.documentId],
    ]);
    expect((await call('GET', `/claims/${claimId}/document-views`, { user: 'sz-admin' })).body.items).toHaveLength(2);
    expect((await call('GET', `/claims/${claimId}/document-views`, { user: 'gz-admin' })).status).toBe(404);
  });
});

describe("a union's claims across its subtree", () => {
  it('lists a status anywhere under the union, page by page; 403 outside scope, 404 for an unknown union, 400 for a foreign cursor', async () => {
    const first = await coveredWorker();
    const second = await coveredWorker();
    const ids = [];
    for (const worker of [first, second]) ids.push((await call('POST', '/me/claims', { user: worker.user, body: claimBody(worker.policy, 1_000) })).body.claim.claimId);
    await call('POST', `/claims/${ids[1]}/review`, { user: 'sz-admin', body: { decision: 'request-info', reason: 'The receipt, please.' } });

    const all = async (path: string, user: string) => {
      const found: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`, { user });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        found.push(...page.body.items.map((c: { claimId: string }) => c.claimId));
        cursor = page.body.cursor;
      } while (cursor);
      return found;
    };
    // The province and the city see the courier federation's claims; by status, or all of them.
    const submitted = await all('/organisations/gd/claims?status=submitted', 'gd-admin');
    expect(submitted).toContain(ids[0]);
    expect(submitted).not.toContain(ids[1]);
    expect(await all('/organisations/sz/claims?status=more-info-requested', 'sz-admin')).toContain(ids[1]);
    const everything = await all('/organisations/sz/claims', 'sz-admin');
    expect(everything).toEqual(expect.arrayContaining(ids));
    expect(new Set(everything).size).toBe(everything.length);
    expect(await all('/organisations/gz/claims?status=submitted', 'gz-admin')).not.toContain(ids[0]);

    const outside = await call('GET', '/organisations/sz/claims?status=submitted', { user: 'gz-admin' });
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('NOT_IN_SCOPE');
    const unknown = await call('GET', '/organisations/no-such-union/claims', { user: 'operator' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ORGANISATION_NOT_FOUND');
    const foreign = Buffer.from(JSON.stringify({ pk: 'ORG#gd', sk: 'ORG' })).toString('base64url');
    const badCursor = await call('GET', `/organisations/sz/claims?status=submitted&cursor=${foreign}`, { user: 'sz-admin' });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('INVALID_CURSOR');
  });
});

describe('payout of an approved claim', () => {
  it('is owed at approval and paid by the schedules, the queue and the provider, once', async () => {
    const { user, policy } = await coveredWorker();
    const claimId = (await call('POST', '/me/claims', { user, body: claimBody(policy, 12_345) })).body.claim.claimId;
    await call('POST', `/claims/${claimId}/review`, { user: 'sz-admin', body: { decision: 'approve', approvedAmountFen: 12_345 } });
    const owed = await call('GET', '/me/payouts', { user });
    expect(owed.body.items).toEqual([expect.objectContaining({ source: { kind: 'claim', id: claimId }, amountFen: 12_345, status: 'queued' })]);

    // The batcher's minute, now: the batch goes onto the queue and the worker submits it.
    await runSchedule('payoutBatcher');
    const statusOf = async () => (await call('GET', '/me/payouts', { user })).body.items[0].status as string;
    await eventually(async () => (await statusOf()) !== 'queued');
    // The reconciler's minute, until the provider has finished the batch (it settles in moments).
    const paid = await eventually(async () => {
      await runSchedule('payoutReconciler');
      return (await statusOf()) === 'paid';
    });
    expect(paid).toBe(true);
    const after = await call('GET', '/me/payouts', { user });
    expect(after.body.items).toEqual([expect.objectContaining({ source: { kind: 'claim', id: claimId }, amountFen: 12_345, status: 'paid' })]);
  });
});
