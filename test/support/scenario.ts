/**
 * Building blocks for the end-to-end authorization tests: callers of every role (admins,
 * operators and merchants granted straight in the accounts table, as an operator would), members
 * in any state, and records of every kind — applications at each step, claims, campaigns, coupons.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { subjectOf } from '../../local/demo';
import type { RoleGrant } from '../../shared/accounts/account';
import { DynamoAccountStore } from '../../shared/accounts/account-store-dynamodb';
import { shanghaiDay } from '../../shared/days';
import { DynamoCouponStore } from '../../shared/coupons/coupon-store-dynamodb';
import { call } from './api';
import { localDynamo } from './local-aws';
import { residentId } from './resident-ids';
import { uniquePhone } from './phones';
import { beaconRoundArrives, eventually, failNextPayment, runSchedule } from './schedules';

const { documents } = localDynamo();
const accounts = new DynamoAccountStore(documents, 'accounts');
const couponStore = new DynamoCouponStore(documents, 'coupons');

export const today = shanghaiDay(new Date());
export const year = today.slice(0, 4);
export const short = () => randomUUID().slice(0, 8);

/** A caller holding `grant`, as an operator would grant it (there is no route for grants). */
export async function granted(prefix: string, grant: { role: 'admin'; organisationId: string } | { role: 'operator' } | { role: 'merchant'; merchantId: string }) {
  const user = `${prefix}-${short()}`;
  await accounts.grant(subjectOf(user), { ...grant, grantedAt: new Date().toISOString(), grantedBy: 'test' } as RoleGrant);
  return user;
}

/** A signed-up member with no union yet. */
export async function signedUp(industry = 'other', name = 'Test Member') {
  const user = `member-${short()}`;
  const response = await call('POST', '/members', { user, body: { name, phone: uniquePhone(), industry } });
  expect(response.status).toBe(201);
  return user;
}

/** A birthday of this test process's own, so the ID numbers it makes never meet another file's. */
const birthday = `19${60 + Math.floor(Math.random() * 40)}${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}`;

export async function verify(user: string, birth = birthday, name = '测试员') {
  const response = await call('POST', '/me/verification', { user, body: { name, idNumber: residentId(birth) } });
  expect(response.status).toBe(200);
}

/** A member of `organisationId` (which must approve automatically), verified under `name` when given. */
export async function memberOf(organisationId: string, options: { verified?: boolean; name?: string } = {}) {
  const user = await signedUp('other', options.name);
  const joined = await call('POST', '/me/membership', { user, body: { organisationId } });
  expect(joined.status).toBe(201);
  if (options.verified !== false) await verify(user, birthday, options.name);
  return user;
}

/** A verified gig worker of the city's federation for the industry, with the gifted policy. */
export async function gigWorker(cityId: string, industry: string) {
  const user = await signedUp(industry);
  const joined = await call('POST', '/gig-workers/join', { user, body: { cityId, industry } });
  expect(joined.status).toBe(201);
  await verify(user);
  return { user, federationId: joined.body.organisation.id as string, policy: joined.body.policy as { policyNo: string; startsOn: string } };
}

export async function organisation(admin: string, parentId: string, kind = 'grassroots', extra: Record<string, unknown> = {}) {
  const response = await call('POST', '/organisations', { user: admin, body: { parentId, name: `Test ${kind} ${short()}`, kind, ...extra } });
  expect(response.status).toBe(201);
  return response.body as { id: string; path: string };
}

/**
 * A fresh annual programme open all year (unless `closes` says its last day, MM-DD), added by
 * `operator`; the rest of its rules as given (a fixed amount, verified members only, by default).
 */
export async function programme(
  operator: string,
  quota = 100,
  rules: { name?: string; closes?: string; noticeDays?: number; eligibility?: object; amount?: object } = {},
) {
  const { closes = '12-31', ...chosen } = rules;
  const defaults = { name: 'Authorization programme', eligibility: { verified: true, minMembershipMonths: 0, levelRequired: false }, amount: { kind: 'fixed', fen: 1000 }, noticeDays: 7 };
  const body = { programmeId: `authz-${short()}`, cycle: 'annual', window: { opens: '01-01', closes }, quotaPerCycle: quota, ...defaults, ...chosen };
  expect((await call('POST', '/programmes', { user: operator, body })).status).toBe(201);
  return body.programmeId;
}

/** A fresh application of `member`, pending review. */
export async function pendingApplication(operator: string, member: string) {
  const programmeId = await programme(operator);
  const applied = await call('POST', `/programmes/${programmeId}/applications`, { user: member, body: { details: {} } });
  expect(applied.status).toBe(201);
  return { programmeId, applicationId: applied.body.applicationId as string };
}

/** Closes this year's cycle of a programme to applications, early (a lottery is committed only after). */
export async function closeCycle(operator: string, programmeId: string) {
  const closed = await call('POST', `/programmes/${programmeId}/cycles/${year}/close`, { user: operator, body: { reason: 'Closed early for the test.' } });
  expect(closed.status).toBe(201);
}

/** A fresh application of `member`, drawn and on public notice. */
export async function applicationOnNotice(operator: string, member: string) {
  const { programmeId, applicationId } = await pendingApplication(operator, member);
  expect((await call('POST', `/applications/${applicationId}/review`, { user: operator, body: { decision: 'approve' } })).status).toBe(200);
  await closeCycle(operator, programmeId);
  const committed = await call('POST', `/programmes/${programmeId}/cycles/${year}/lottery/commit`, { user: operator });
  expect(committed.status).toBe(201);
  await beaconRoundArrives(committed.body.beacon);
  expect((await call('POST', `/programmes/${programmeId}/cycles/${year}/lottery/draw`, { user: operator })).status).toBe(200);
  return { programmeId, applicationId };
}

/** A fresh application of `member`, under objection. */
export async function objectedApplication(operator: string, member: string, objector: string) {
  const { applicationId } = await applicationOnNotice(operator, member);
  const objected = await call('POST', `/applications/${applicationId}/objections`, { user: objector, body: { reason: 'The applicant has not finished the course.' } });
  expect(objected.status).toBe(201);
  return applicationId;
}

/** A fresh claim of a covered worker, submitted: its body as filed, with what it answered. */
async function fileClaim(worker: { user: string; policy: { policyNo: string; startsOn: string } }, documents: object[] = []) {
  const filed = await call('POST', '/me/claims', {
    user: worker.user,
    body: {
      policyNo: worker.policy.policyNo,
      kind: 'accident-medical',
      incidentDate: worker.policy.startsOn,
      amountFen: 100,
      description: 'Fell off the bike on a wet road, a bruised knee.',
      ...(documents.length > 0 && { documents }),
    },
  });
  expect(filed.status).toBe(201);
  return filed.body;
}

/** A fresh claim of a covered worker, submitted. */
export const submittedClaim = async (worker: { user: string; policy: { policyNo: string; startsOn: string } }) => (await fileClaim(worker)).claim.claimId as string;

/** A claim of the worker's with one uploaded document. */
export async function claimWithDocument(worker: { user: string; policy: { policyNo: string; startsOn: string } }) {
  const filed = await fileClaim(worker, [{ fileName: 'receipt.png', contentType: 'image/png', sizeBytes: 4 }]);
  const [upload] = filed.uploads;
  expect((await fetch(upload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array([137, 80, 78, 71]) })).status).toBe(200);
  return { claimId: filed.claim.claimId as string, documentId: upload.documentId as string };
}

export const campaignBody = (organisationId: string, overrides: Record<string, unknown> = {}) => ({
  name: `Authz campaign ${short()}`,
  audience: { industries: ['courier', 'ride-hailing', 'other'], organisationId, verifiedOnly: true },
  firstDay: today,
  lastDay: today,
  releaseTime: '00:00',
  dailyQuota: 1000,
  rule: { thresholdFen: 300, discountFen: 100 },
  validityDays: 3,
  perMemberPerDay: 1,
  perMemberPerCampaign: 5,
  merchants: ['demo-mart'],
  ...overrides,
});

/** A campaign for the subtree of `organisationId`, with today's drop open. */
export async function openCampaign(admin: string, organisationId: string, overrides: Record<string, unknown> = {}) {
  const created = await call('POST', '/campaigns', { user: admin, body: campaignBody(organisationId, overrides) });
  expect(created.status).toBe(201);
  // Today's drop, opened as the every-minute release would (for this campaign alone).
  const campaign = await couponStore.campaign(created.body.campaignId);
  await couponStore.release(campaign!, today, new Date().toISOString());
  return created.body.campaignId as string;
}

/** A coupon of a fresh campaign claimed by `member` (who must be in the audience). */
export async function coupon(admin: string, organisationId: string, member: string, overrides: Record<string, unknown> = {}) {
  const campaignId = await openCampaign(admin, organisationId, overrides);
  const claimed = await call('POST', `/campaigns/${campaignId}/claims`, { user: member });
  expect(claimed.status).toBe(201);
  return claimed.body.code as string;
}

/**
 * A claim approved and paid through the schedules, the queue and the local provider, whose first
 * item number the provider fails with `reason`: two batches carry it, the first failed, the second paid.
 */
export async function claimPaidAfterAFailure(reason = 'REAL_NAME_CHECK_FAIL') {
  const worker = await gigWorker('sz', 'courier');
  const userId = (await call('GET', '/me', { user: worker.user })).body.userId as string;
  const claimId = await submittedClaim(worker);
  expect((await call('POST', `/claims/${claimId}/review`, { user: 'sz-admin', body: { decision: 'approve', approvedAmountFen: 100 } })).status).toBe(200);
  await failNextPayment(userId, reason);
  const mine = async () => (await call('GET', '/me/payouts', { user: worker.user })).body.items[0] as { payoutId: string; status: string; attempt: number };
  // First try: batched, failed by the provider, queued again under the next number; then paid.
  await runSchedule('payoutBatcher');
  await eventually(async () => ((await mine()).status !== 'queued' ? true : undefined));
  await eventually(async () => {
    await runSchedule('payoutReconciler');
    return (await mine()).attempt === 2 ? true : undefined;
  });
  await eventually(async () => {
    await runSchedule('payoutBatcher');
    await runSchedule('payoutReconciler');
    return (await mine()).status === 'paid' ? true : undefined;
  });
  return { user: worker.user, userId, claimId, payoutId: (await mine()).payoutId };
}

/** The batches that carried a payout item (newest first), read as the operator: created since `since`. */
export async function batchesOf(payoutId: string, since: string) {
  const heads: { batchNo: string; createdAt: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await call('GET', `/payouts/batches?${new URLSearchParams({ limit: '20', ...(cursor && { cursor }) })}`, { user: 'operator' });
    expect(page.status).toBe(200);
    heads.push(...page.body.items);
    cursor = page.body.cursor;
    if (page.body.items.some((head: { createdAt: string }) => head.createdAt < since)) break;
  } while (cursor);
  const details = await Promise.all(heads.filter((head) => head.createdAt >= since).map(async (head) => (await call('GET', `/payouts/batches/${head.batchNo}`, { user: 'operator' })).body));
  return details.filter((batch) => batch.items.some((item: { payoutId: string }) => item.payoutId === payoutId));
}
