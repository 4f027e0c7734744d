/**
 * A member's inbox over HTTP, through the whole local runtime: a claim decided by an admin shows
 * up as "claim decided" with unread 1, in the caller's language, and marking it read makes it 0;
 * the payout schedules pay the claim and "payout paid" shows up; a subsidy decision and an
 * objection answer reach the applicant and the objector. Another member can neither list nor
 * mark someone else's notice (404, not 403, so ids tell nothing), nor page with her cursor.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../support/api';
import { uniquePhone } from '../support/phones';
import { eventually, runSchedule } from '../support/schedules';
import { programme } from '../support/scenario';

const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };
const en = { 'accept-language': 'en-GB,en;q=0.9' };
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

async function coveredWorker() {
  const user = `inbox-${randomUUID().slice(0, 8)}`;
  await call('POST', '/members', { user, body: { name: '快递员', phone: uniquePhone(), industry: 'courier' } });
  const joined = await call('POST', '/gig-workers/join', { user, body: { cityId: 'sz', industry: 'courier' } });
  expect(joined.status).toBe(201);
  return { user, policy: joined.body.policy as { policyNo: string; startsOn: string } };
}

async function unionMember() {
  const user = `inbox-${randomUUID().slice(0, 8)}`;
  await call('POST', '/members', { user, body: { name: '会员', phone: uniquePhone(), industry: 'other' } });
  await call('POST', '/me/membership', { user, body: { organisationId: 'gz-metro' } });
  return user;
}

const notices = async (user: string, headers = zh) => (await call('GET', '/me/notices', { user, headers })).body as { items: any[]; cursor?: string; unread: number };
const unread = async (user: string) => (await call('GET', '/me/notices/unread-count', { user })).body.unread as number;

describe('the inbox', () => {
  it('shows a decided claim, unread, in the caller\'s language; marked read it counts 0; the paid payout follows', async () => {
    const { user, policy } = await coveredWorker();
    expect(await notices(user)).toEqual({ items: [], unread: 0 });
    const filed = await call('POST', '/me/claims', {
      user,
      body: { policyNo: policy.policyNo, kind: 'accident-medical', incidentDate: policy.startsOn, amountFen: 12_345, description: '送件途中在湿滑坡道摔倒，手腕骨折。', documents: [] },
    });
    const claimId = filed.body.claim.claimId as string;
    const approved = await call('POST', `/claims/${claimId}/review`, { user: 'sz-admin', body: { decision: 'approve', approvedAmountFen: 12_345 } });
    expect(approved.status).toBe(200);

    const listed = await call('GET', '/me/notices', { user, headers: zh });
    expect(listed.headers.get('content-language')).toBe('zh-CN');
    expect(listed.body.unread).toBe(1);
    expect(listed.body.items).toEqual([
      {
        noticeId: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
        kind: 'claim-decided',
        at: approved.body.updatedAt,
        read: false,
        title: '理赔申请已通过',
        body: '您的理赔申请已通过，核定金额 123.45 元，款项将发放至您的微信零钱。',
        facts: { claimId, decision: 'approve', amountFen: 12_345 },
      },
    ]);
    expect(await unread(user)).toBe(1);
    const inEnglish = await call('GET', '/me/notices', { user, headers: en });
    expect(inEnglish.headers.get('content-language')).toBe('en');
    expect(inEnglish.body.items[0]).toMatchObject({ title: 'Claim approved', body: 'Your claim was approved for CNY 123.45; it will be paid to your WeChat wallet.' });
    const noticeId = listed.body.items[0].noticeId as string;

    // Someone else's notice is not found, whether she marks it or lists her own inbox.
    const other = await unionMember();
    const foreign = await call('POST', `/me/notices/${noticeId}/read`, { user: other });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOTICE_NOT_FOUND']);
    const unknown = await call('POST', `/me/notices/${Buffer.from(`${new Date().toISOString()}#claim-decided#nothing#2`).toString('base64url')}/read`, { user: other });
    expect([unknown.status, unknown.body.detail]).toEqual([404, foreign.body.detail]);
    expect(await notices(other)).toEqual({ items: [], unread: 0 });
    expect(await unread(user)).toBe(1);

    const marked = await call('POST', `/me/notices/${noticeId}/read`, { user, headers: { ...zh, 'idempotency-key': `read-${noticeId.slice(-16)}` } });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ notice: { noticeId, read: true, readAt: expect.any(String), title: '理赔申请已通过' }, unread: 0 });
    // Again (another key, or none): still read, still counted once.
    expect((await call('POST', `/me/notices/${noticeId}/read`, { user })).body).toMatchObject({ notice: { read: true }, unread: 0 });
    expect(await unread(user)).toBe(0);

    // The payout schedules pay the claim: the member is told in the write that records it.
    await runSchedule('payoutBatcher');
    await eventually(async () => {
      await runSchedule('payoutReconciler');
      return (await unread(user)) === 1;
    });
    const after = await notices(user, en);
    expect(after.unread).toBe(1);
    expect(after.items.map((n) => [n.kind, n.read])).toEqual([
      ['payout-paid', false],
      ['claim-decided', true],
    ]);
    expect(after.items[0]).toMatchObject({ title: 'Payment sent', body: 'CNY 123.45 for your claim has been paid to your WeChat wallet.', facts: { sourceKind: 'claim', sourceId: claimId, amountFen: 12_345 } });
    // The reconciler's next minute pays nothing again and tells nothing again.
    await runSchedule('payoutReconciler');
    expect((await notices(user)).items).toHaveLength(2);

    expect((await call('POST', '/me/notices/read-all', { user })).body).toEqual({ marked: 1, unread: 0 });
    expect((await call('POST', '/me/notices/read-all', { user })).body).toEqual({ marked: 0, unread: 0 });
    expect((await notices(user)).items.every((n) => n.read)).toBe(true);
  });

  it('pages newest first by cursor, and refuses another member\'s cursor', async () => {
    const { user, policy } = await coveredWorker();
    const claimIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const filed = await call('POST', '/me/claims', {
        user,
        body: { policyNo: policy.policyNo, kind: 'accident-medical', incidentDate: policy.startsOn, amountFen: 1_000 + i, description: '送件途中摔倒，膝盖擦伤就医。', documents: [] },
      });
      claimIds.push(filed.body.claim.claimId);
      await call('POST', `/claims/${filed.body.claim.claimId}/review`, { user: 'sz-admin', body: { decision: 'reject', reason: '材料不全' } });
    }
    const first = await call('GET', '/me/notices?limit=2', { user });
    expect(first.body.items.map((n: any) => n.facts.claimId)).toEqual([claimIds[2], claimIds[1]]);
    expect(first.body.items[0]).toMatchObject({ title: 'Claim rejected', body: 'Your claim was rejected. Reason: 材料不全.' });
    const second = await call('GET', `/me/notices?limit=2&cursor=${first.body.cursor}`, { user });
    expect(second.body.items.map((n: any) => n.facts.claimId)).toEqual([claimIds[0]]);
    expect(second.body.cursor).toBeUndefined();
    expect(second.body.unread).toBe(3);
    const other = await unionMember();
    const stolen = await call('GET', `/me/notices?limit=2&cursor=${first.body.cursor}`, { user: other });
    expect([stolen.status, stolen.body.code]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('tells an applicant her subsidy was decided, and the objector and the applicant how the objection was answered', async () => {
    const programmeId = await programme('operator', 5, {
      name: '困难职工生活补助',
      eligibility: { verified: false, minMembershipMonths: 0, levelRequired: false },
      amount: { kind: 'fixed', fen: 50_000 },
    });
    const [applicant, rejected, objector] = await Promise.all([unionMember(), unionMember(), unionMember()]);
    const apply = async (user: string) => (await call('POST', `/programmes/${programmeId}/applications`, { user, body: { details: { note: '家庭困难' } } })).body.applicationId as string;
    const [applicationId, rejectedId] = [await apply(applicant), await apply(rejected)];

    const reviewed = await call('POST', '/applications/reviews', {
      user: 'gz-admin',
      body: { decisions: [{ applicationId, decision: 'approve' }, { applicationId: rejectedId, decision: 'reject', reason: '收入超过标准' }] },
    });
    expect(reviewed.body.results.map((r: { status: string }) => r.status)).toEqual(['approved', 'rejected']);
    const decided = await notices(applicant);
    expect(decided.unread).toBe(1);
    expect(decided.items).toEqual([
      expect.objectContaining({
        kind: 'subsidy-decided',
        title: '补贴申请已通过审核',
        facts: { applicationId, programmeId, programmeName: '困难职工生活补助', decision: 'approve', amountFen: 50_000 },
      }),
    ]);
    expect((await notices(rejected)).items[0]).toMatchObject({ kind: 'subsidy-decided', title: '补贴申请未通过', body: '您申请的「困难职工生活补助」未通过审核。原因：收入超过标准' });

    // On notice after the draw; someone objects; the admin upholds it.
    expect((await call('POST', `/programmes/${programmeId}/cycles/${year}/close`, { user: 'operator', body: { reason: '本年度预算已用完。' } })).status).toBe(201);
    expect((await call('POST', `/programmes/${programmeId}/cycles/${year}/lottery/commit`, { user: 'operator' })).status).toBe(201);
    expect((await call('POST', `/programmes/${programmeId}/cycles/${year}/lottery/draw`, { user: 'operator' })).status).toBe(200);
    expect((await call('POST', `/applications/${applicationId}/objections`, { user: objector, body: { reason: '该申请人家庭收入并不困难。' } })).status).toBe(201);
    const upheld = await call('POST', `/applications/${applicationId}/objection-decision`, { user: 'gz-admin', body: { decision: 'uphold', reason: '经核实收入超标。' } });
    expect(upheld.body.status).toBe('rejected');

    const toObjector = await notices(objector);
    expect(toObjector.unread).toBe(1);
    expect(toObjector.items).toEqual([
      expect.objectContaining({ kind: 'objection-answered', title: '您的异议已被采纳', facts: expect.objectContaining({ applicationId, decision: 'uphold', role: 'objector' }) }),
    ]);
    const toApplicant = await notices(applicant, en);
    expect(toApplicant.unread).toBe(2);
    expect(toApplicant.items[0]).toMatchObject({ kind: 'objection-answered', title: 'An objection to your application was upheld', facts: { role: 'applicant', decision: 'uphold' } });
    // The applicant is never told who objected.
    expect(JSON.stringify(toApplicant)).not.toContain(objector);
  });
});
