/**
 * Unions and members over HTTP against the local runtime: admin scope on every admin endpoint,
 * joining, approval, transfer and leaving with history, real-name verification (one ID number,
 * one member, also at once), the gig-worker three-in-one, moves, and privacy in the tables.
 */
import { dayAfter, shanghaiDay } from '../../shared/days';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { functions } from '../../shared/manifest';
import type { System } from '../../shared/system';
import { call } from '../support/api';
import { activityIn } from '../support/activities';
import { linesOfRequest, runtimeLog } from '../support/logs';
import { residentId } from '../support/resident-ids';
import { programme } from '../support/scenario';

const newUser = () => `m-${randomUUID().slice(0, 8)}`;

async function member(industry = 'other', phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`) {
  const user = newUser();
  const response = await call('POST', '/members', { user, body: { name: 'Test Member', phone, industry } });
  expect(response.status).toBe(201);
  return user;
}

async function union(admin: string, parentId: string, autoApprove = false, kind = 'grassroots') {
  const response = await call('POST', '/organisations', {
    user: admin,
    body: { parentId, name: `Union ${randomUUID().slice(0, 6)}`, kind, autoApprove },
  });
  expect(response.status).toBe(201);
  return response.body as { id: string; path: string };
}

let bobsClaim = '';
let szCampaignId = '';
let szApplicationId = '';
let szActivityId = '';
let szDrawId = '';
let szArticleId = '';
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const szCampaign = {
  name: 'Shenzhen couriers',
  audience: { industries: ['courier'], organisationId: 'sz', verifiedOnly: true },
  firstDay: today,
  lastDay: today,
  releaseTime: '10:00',
  dailyQuota: 10,
  rule: { thresholdFen: 300, discountFen: 299 },
  validityDays: 7,
  perMemberPerCampaign: 5,
  merchants: ['demo-mart'],
};
beforeAll(async () => {
  // A claim in Shenzhen, for the claim-review scope check.
  const policies = await call('GET', '/me/policies', { user: 'bob' });
  const filed = await call('POST', '/me/claims', {
    user: 'bob',
    body: { policyNo: policies.body.items[0].policyNo, kind: 'accident-medical', incidentDate: policies.body.items[0].startsOn, amountFen: 1000, description: 'Sprained an ankle on the stairs of a customer.' },
  });
  bobsClaim = filed.body.claim.claimId;
  // A campaign in Shenzhen, for the campaign figures scope check.
  const campaign = await call('POST', '/campaigns', { user: 'sz-admin', body: szCampaign });
  szCampaignId = campaign.body.campaignId;
  // A subsidy application in Shenzhen, for the review scope checks.
  const programmeId = await programme('operator', 10, { name: 'Scope check programme' });
  szApplicationId = (await call('POST', `/programmes/${programmeId}/applications`, { user: 'bob', body: { details: {} } })).body.applicationId;
  // An activity, a prize draw and an article of Shenzhen, for their scope checks.
  szActivityId = (await activityIn('sz-admin', 'sz')).activityId;
  const draw = await call('POST', '/draws', {
    user: 'sz-admin',
    body: { name: '深圳职工疗休养抽奖', organisationId: 'sz', prizes: [{ name: '疗休养', count: 1 }], entriesCloseAt: new Date(Date.now() + 86400_000).toISOString(), acceptanceHours: 24 },
  });
  expect(draw.status).toBe(201);
  szDrawId = draw.body.drawId;
  const article = await call('POST', '/organisations/sz/news', { user: 'sz-admin', body: { title: '深圳市总工会通知', body: '正文' } });
  expect(article.status).toBe(201);
  szArticleId = article.body.article.articleId;
});

describe('admin scope', () => {
  // Every admin endpoint, aimed by the Guangzhou admin at Shenzhen.
  const attempts: [string, string | (() => string), unknown?][] = [
    ['POST', '/organisations', { parentId: 'sz-nanshan-yuehai', name: 'Intruder Union', kind: 'grassroots' }],
    ['PATCH', '/organisations/sz-bayview', { name: 'Renamed' }],
    ['DELETE', '/organisations/sz-bayview'],
    ['POST', '/organisations/sz-bayview/move', { newParentId: 'sz-nanshan' }],
    ['POST', '/organisations/gz-metro/move', { newParentId: 'sz-nanshan-yuehai' }],
    ['GET', '/organisations/sz/members'],
    ['GET', '/organisations/sz-bayview/join-requests'],
    ['POST', '/organisations/sz-bayview/join-requests/demo-carol', { decision: 'approve' }],
    ['GET', '/organisations/sz-courier/claims'],
    ['GET', '/organisations/sz/applications?programmeId=education-degree'],
    ['POST', () => `/claims/${bobsClaim}/review`, { decision: 'approve', approvedAmountFen: 1000 }],
    ['POST', '/campaigns', szCampaign],
    ['GET', () => `/campaigns/${szCampaignId}/days/${today}`],
    ['POST', () => `/applications/${szApplicationId}/review`, { decision: 'approve' }],
    ['POST', () => `/applications/${szApplicationId}/objection-decision`, { decision: 'uphold', reason: 'out of scope' }],
    ['POST', '/organisations/sz-bayview/admins', { userId: 'demo-carol' }],
    ['DELETE', '/organisations/sz/admins/demo-sz-admin'],
    ['GET', '/organisations/sz/admins'],
    ['GET', '/organisations/sz/admin-changes'],
    ['PUT', '/organisations/sz/birthday-benefit', { status: 'off' }],
    ['GET', '/organisations/sz/birthday-benefit'],
    ['POST', '/draws', { name: 'Intruder draw', organisationId: 'sz', prizes: [{ name: '疗休养', count: 1 }], entriesCloseAt: new Date(Date.now() + 86400_000).toISOString(), acceptanceHours: 24 }],
    ['GET', '/organisations/sz/draws'],
    ['POST', () => `/draws/${szDrawId}/commit`, { closeEarlyReason: 'out of scope' }],
    ['POST', () => `/draws/${szDrawId}/draw`],
    ['POST', '/activities', { organisationId: 'sz', title: 'Intruder outing', description: '-', startsAt: new Date(Date.now() + 2 * 86400_000).toISOString(), endsAt: new Date(Date.now() + 2.1 * 86400_000).toISOString(), place: { kind: 'venue', address: 'Gate 1' }, capacity: 5 }],
    ['GET', '/organisations/sz/activities'],
    ['POST', () => `/activities/${szActivityId}/check-ins`, { code: 'not-a-code' }],
    ['GET', () => `/activities/${szActivityId}/sign-ups`],
    ['POST', () => `/activities/${szActivityId}/close`, { reason: 'out of scope' }],
    ['POST', () => `/activities/${szActivityId}/cancel`, { reason: 'out of scope' }],
    ['POST', '/organisations/sz/news', { title: 'Intruder news', body: '-' }],
    ['GET', '/organisations/sz/news'],
    ['PATCH', () => `/news/${szArticleId}`, { pinned: true }],
    ['DELETE', () => `/news/${szArticleId}`],
    ['PUT', '/organisations/sz/themes/2030-02', { title: 'Intruder theme', intro: '-' }],
    ['GET', '/organisations/sz/themes/2030-02'],
    ['GET', '/organisations/sz/themes'],
    ['GET', '/organisations/sz/dashboard'],
  ];
  const pathOf = (path: string | (() => string)) => (typeof path === 'string' ? path : path());

  it('covers every admin route of the manifest', () => {
    const adminRoutes = Object.values(functions as System['functions']).flatMap(({ trigger }) =>
      // Routes open to members too (a claim's documents) answer a member by ownership, not by role:
      // test/e2e/authorization.test.ts holds those, caller by caller.
      trigger.kind === 'http' && typeof trigger.access === 'object' && trigger.access.roles.includes('admin') && !trigger.access.roles.includes('member')
        ? [`${trigger.method} ${trigger.path}`]
        : [],
    );
    const template = (path: string) =>
      path
        .split('?')[0]!
        .replace(/^\/organisations\/[^/]+/, '/organisations/{orgId}')
        .replace(/join-requests\/[^/]+$/, 'join-requests/{userId}')
        .replace(/admins\/[^/]+$/, 'admins/{userId}')
        .replace(/themes\/\d{4}-\d{2}$/, 'themes/{month}')
        .replace(/^\/claims\/[^/]+/, '/claims/{claimId}')
        .replace(/^\/applications\/[0-9a-f-]{36}/, '/applications/{applicationId}')
        .replace(/^\/campaigns\/[0-9a-f-]{36}\/days\/[^/]+$/, '/campaigns/{campaignId}/days/{day}')
        .replace(/^\/draws\/[0-9a-f-]{36}/, '/draws/{drawId}')
        .replace(/^\/activities\/[0-9a-f-]{36}/, '/activities/{activityId}')
        .replace(/^\/news\/[0-9a-f-]{36}/, '/news/{articleId}');
    const tested = new Set(attempts.map(([method, path]) => `${method} ${template(pathOf(path))}`));
    // Bulk review answers per application (checked below), not with one status for the page.
    for (const route of adminRoutes.filter((r) => r !== 'POST /applications/reviews')) expect(tested, route).toContain(route);
  });

  it('refuses each application of a bulk review that lies outside the admin’s subtree, as if it did not exist', async () => {
    const unknown = randomUUID();
    const response = await call('POST', '/applications/reviews', {
      user: 'gz-admin',
      body: { decisions: [{ applicationId: szApplicationId, decision: 'approve' }, { applicationId: unknown, decision: 'approve' }] },
    });
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      { applicationId: szApplicationId, error: 'APPLICATION_NOT_FOUND' },
      { applicationId: unknown, error: 'APPLICATION_NOT_FOUND' },
    ]);
    expect((await call('POST', '/applications/reviews', { user: 'alice', body: { decisions: [{ applicationId: szApplicationId, decision: 'approve' }] } })).status).toBe(403);
  });

  /** Routes aimed at a record (not at the public tree): another subtree's record is answered as an unknown one. */
  const unknownTwin = (path: string) =>
    path
      .replace(/^\/claims\/[^/]+/, `/claims/${randomUUID()}`)
      .replace(/^\/applications\/[0-9a-f-]{36}/, `/applications/${randomUUID()}`)
      .replace(/^\/campaigns\/[0-9a-f-]{36}/, `/campaigns/${randomUUID()}`)
      .replace(/^\/draws\/[0-9a-f-]{36}/, `/draws/${randomUUID()}`)
      .replace(/^\/activities\/[0-9a-f-]{36}/, `/activities/${randomUUID()}`)
      .replace(/^\/news\/[0-9a-f-]{36}/, `/news/${randomUUID()}`);

  it.each(attempts)('refuses %s %s outside the admin’s subtree: 403 on the tree, as unknown for a record', async (method, path, body) => {
    const target = pathOf(path);
    const response = await call(method, target, { user: 'gz-admin', body });
    if (unknownTwin(target) === target) {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('NOT_IN_SCOPE');
      return;
    }
    const unknown = await call(method, unknownTwin(target), { user: 'gz-admin', body });
    expect(response.status).toBe(404);
    expect({ code: response.body.code, detail: response.body.detail, title: response.body.title, type: response.body.type }).toEqual({
      code: unknown.body.code,
      detail: unknown.body.detail,
      title: unknown.body.title,
      type: unknown.body.type,
    });
    expect(unknown.status).toBe(404);
  });

  it.each(attempts)('refuses %s %s to a plain member with 403', async (method, path, body) => {
    const response = await call(method, pathOf(path), { user: 'alice', body });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('ROLE_REQUIRED');
  });

  it("keeps the operator's platform-wide payout batches from every admin, even the province's", async () => {
    for (const user of ['gz-admin', 'gd-admin']) {
      for (const path of ['/payouts/batches', '/payouts/batches?status=settled', '/payouts/batches/PB20260101ANY']) {
        expect(await call('GET', path, { user }), `${user} ${path}`).toMatchObject({ status: 403, body: { code: 'ROLE_REQUIRED' } });
      }
    }
  });

  it('lets the province admin and the operator reach any city', async () => {
    expect((await call('GET', '/organisations/sz/members', { user: 'gd-admin' })).status).toBe(200);
    expect((await call('GET', '/organisations/gz/members', { user: 'operator' })).status).toBe(200);
  });
});

describe('the organisation tree', () => {
  it('creates children under the right kinds only, and pages children', async () => {
    const wrong = await call('POST', '/organisations', {
      user: 'gz-admin',
      body: { parentId: 'gz', name: 'A Town Under A City', kind: 'town' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('INVALID_PLACEMENT');
    const town = await union('gz-admin', 'gz-tianhe', false, 'town');
    for (let i = 0; i < 3; i++) await union('gz-admin', town.id);
    const first = await call('GET', `/organisations/${town.id}/children?limit=2`, { user: 'alice' });
    expect(first.body.items).toHaveLength(2);
    const second = await call('GET', `/organisations/${town.id}/children?limit=2&cursor=${first.body.cursor}`, { user: 'alice' });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.cursor).toBeUndefined();
    expect((await call('GET', `/organisations/${town.id}`, { user: 'alice' })).body.childCount).toBe(3);
  });

  it('closes only empty organisations and keeps the record', async () => {
    const town = await union('gz-admin', 'gz-tianhe', false, 'town');
    const child = await union('gz-admin', town.id);
    const refused = await call('DELETE', `/organisations/${town.id}`, { user: 'gz-admin' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ORGANISATION_NOT_EMPTY');
    expect((await call('DELETE', `/organisations/${child.id}`, { user: 'gz-admin' })).status).toBe(200);
    expect((await call('DELETE', `/organisations/${town.id}`, { user: 'gz-admin' })).status).toBe(200);
    const kept = await call('GET', `/organisations/${town.id}`, { user: 'gz-admin' });
    expect(kept.body).toMatchObject({ status: 'closed', childCount: 0 });
  });

  it('moves a subtree with its members, which follow in the background', async () => {
    const town = await union('gz-admin', 'gz-tianhe', false, 'town');
    const grassroots = await union('gz-admin', town.id, true);
    const user = await member();
    expect((await call('POST', '/me/membership', { user, body: { organisationId: grassroots.id } })).status).toBe(201);

    const county = await union('gz-admin', 'gz', false, 'county');
    const moved = await call('POST', `/organisations/${town.id}/move`, { user: 'gz-admin', body: { newParentId: county.id } });
    expect(moved.status).toBe(202);
    expect(moved.body.organisation.path).toBe(`gd/gz/${county.id}/${town.id}/`);

    const settled = async () => {
      for (let i = 0; i < 50; i++) {
        const child = await call('GET', `/organisations/${grassroots.id}`, { user: 'gz-admin' });
        const parent = await call('GET', `/organisations/${town.id}`, { user: 'gz-admin' });
        if (child.body.path.startsWith(`gd/gz/${county.id}/`) && !parent.body.movingFrom) return child.body;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error('the subtree did not follow');
    };
    expect((await settled()).path).toBe(`gd/gz/${county.id}/${town.id}/${grassroots.id}/`);
    const members = await call('GET', `/organisations/${county.id}/members`, { user: 'gz-admin' });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([`local-${user}`]);
    const old = await call('GET', '/organisations/gz-tianhe/members?limit=100', { user: 'gz-admin' });
    expect(old.body.items.map((m: { userId: string }) => m.userId)).not.toContain(`local-${user}`);
  });

  it('refuses to move an organisation under its own subtree', async () => {
    const town = await union('gz-admin', 'gz-tianhe', false, 'town');
    const inner = await union('gz-admin', town.id);
    const response = await call('POST', `/organisations/${town.id}/move`, { user: 'gz-admin', body: { newParentId: inner.id } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('body.newParentId');
  });
});

describe('membership', () => {
  it('joins pending approval, transfers with history kept, and leaves', async () => {
    const reviewed = await union('sz-admin', 'sz-nanshan-yuehai');
    const open = await union('gz-admin', 'gz-tianhe', true);
    const user = await member();

    const requested = await call('POST', '/me/membership', { user, body: { organisationId: reviewed.id } });
    expect(requested.status).toBe(201);
    expect(requested.body.request).toMatchObject({ kind: 'join', organisationId: reviewed.id });
    expect((await call('POST', '/me/membership', { user, body: { organisationId: open.id } })).body.code).toBe('REQUEST_PENDING');

    const queue = await call('GET', `/organisations/${reviewed.id}/join-requests`, { user: 'sz-admin' });
    expect(queue.body.items.map((r: { userId: string }) => r.userId)).toEqual([`local-${user}`]);
    const noReason = await call('POST', `/organisations/${reviewed.id}/join-requests/local-${user}`, {
      user: 'sz-admin',
      body: { decision: 'reject' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('body.reason');
    const approved = await call('POST', `/organisations/${reviewed.id}/join-requests/local-${user}`, {
      user: 'sz-admin',
      body: { decision: 'approve' },
    });
    expect(approved.body.decision).toBe('approved');
    const again = await call('POST', `/organisations/${reviewed.id}/join-requests/local-${user}`, {
      user: 'sz-admin',
      body: { decision: 'approve' },
    });
    expect(again.status).toBe(404); // approved once, never twice
    expect((await call('GET', `/organisations/${reviewed.id}`, { user })).body.memberCount).toBe(1);

    const transferred = await call('POST', '/me/membership/transfer', { user, body: { organisationId: open.id } });
    expect(transferred.body.membership.organisationId).toBe(open.id);
    expect((await call('GET', `/organisations/${reviewed.id}`, { user })).body.memberCount).toBe(0);
    expect((await call('GET', `/organisations/${open.id}`, { user })).body.memberCount).toBe(1);

    expect((await call('DELETE', '/me/membership', { user })).status).toBe(200);
    const mine = await call('GET', '/me/membership', { user });
    expect(mine.body.membership).toBeUndefined();
    expect(mine.body.history.map((h: { event: string }) => h.event)).toEqual(['requested', 'joined', 'transferred', 'left']);
    expect((await call('GET', `/organisations/${open.id}`, { user })).body.memberCount).toBe(0);
  });

  it('refuses joining a city or a closed union, and joining before signing up', async () => {
    const user = await member();
    const city = await call('POST', '/me/membership', { user, body: { organisationId: 'gz' } });
    expect(city.status).toBe(400);
    expect(city.body.code).toBe('NOT_A_MEMBER_UNION');
    // In Chinese, the tier is named in Chinese too.
    const inChinese = await call('POST', '/me/membership', { user, body: { organisationId: 'gz' }, headers: { 'accept-language': 'zh-CN' } });
    expect(inChinese.body.errors).toEqual([{ field: 'body.organisationId', message: '是市总工会（会员只能加入基层工会或行业工会联合会）' }]);
    const stranger = await call('POST', '/me/membership', { user: newUser(), body: { organisationId: 'gz-metro' } });
    expect(stranger.status).toBe(403); // no profile, no member role
  });
});

describe('real-name verification', () => {
  it('verifies once, keeps only the masked number, and refuses a bad check digit with the field', async () => {
    const user = await member();
    const id = residentId('19880615');
    const bad = await call('POST', '/me/verification', { user, body: { name: '王小明', idNumber: `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}` } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'IDENTITY_NOT_VERIFIED', errors: [{ field: 'body.idNumber' }] });

    const ok = await call('POST', '/me/verification', { user, body: { name: '王小明', idNumber: id } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ verified: true, name: '王小明', birthday: '1988-06-15' });
    expect(ok.body.idNumberMasked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(JSON.stringify(ok.body)).not.toContain(id);
    expect((await call('POST', '/me/verification', { user, body: { name: '王小明', idNumber: id } })).body.code).toBe('ALREADY_VERIFIED');
  });

  it('lets one ID number verify one member only, even when several try at once', async () => {
    const id = residentId('19950101');
    const users = await Promise.all(Array.from({ length: 6 }, () => member()));
    const answers = await Promise.all(users.map((user) => call('POST', '/me/verification', { user, body: { name: '张伟', idNumber: id } })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('ID_NUMBER_IN_USE');
    }
  });
});

describe('gig workers: three in one', () => {
  it('joins the city federation for the industry and gives the protection at once', async () => {
    const user = await member('food-delivery');
    const joined = await call('POST', '/gig-workers/join', { user, body: { cityId: 'gz', industry: 'food-delivery', employer: 'Quick Meals' } });
    expect(joined.status).toBe(201);
    expect(joined.body.organisation).toMatchObject({ kind: 'industry-federation', industry: 'food-delivery', parentId: 'gz' });
    expect(joined.body.policy).toMatchObject({ plan: 'gig-worker-accident-medical', status: 'active', organisationId: joined.body.organisation.id });

    const mine = await call('GET', '/me/membership', { user });
    expect(mine.body.membership.organisationId).toBe(joined.body.organisation.id);
    const policies = await call('GET', '/me/policies', { user });
    expect(policies.body.items.map((p: { policyNo: string }) => p.policyNo)).toEqual([joined.body.policy.policyNo]);

    const twice = await call('POST', '/gig-workers/join', { user, body: { cityId: 'gz', industry: 'food-delivery' } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_A_MEMBER');
    expect((await call('GET', '/me/policies', { user })).body.items).toHaveLength(1);
  });

  it('joins another industry’s federation at once, but the industry itself counts from tomorrow', async () => {
    const user = await member('courier');
    const joined = await call('POST', '/gig-workers/join', { user, body: { cityId: 'gz', industry: 'ride-hailing' } });
    expect(joined.status).toBe(201);
    expect(joined.body.organisation).toMatchObject({ kind: 'industry-federation', industry: 'ride-hailing' });
    const me = await call('GET', '/me', { user });
    expect(me.body.member.industry).toBe('courier');
    expect(me.body.member.industryChange).toEqual({ industry: 'ride-hailing', effectiveFrom: dayAfter(shanghaiDay(new Date())) });
  });

  it('creates one federation per city and industry even when many join at once', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => member('construction')));
    const answers = await Promise.all(users.map((user) => call('POST', '/gig-workers/join', { user, body: { cityId: 'gz', industry: 'construction' } })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.organisation.id)).size).toBe(1);
    const federation = await call('GET', `/organisations/${answers[0]!.body.organisation.id}`, { user: 'gz-admin' });
    expect(federation.body.memberCount).toBe(5);
  });

  it('refuses clearly where the city has no federation and creates none on demand', async () => {
    const user = await member('sanitation');
    const response = await call('POST', '/gig-workers/join', { user, body: { cityId: 'sz', industry: 'sanitation' } });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('NO_FEDERATION');
    expect((await call('GET', '/me/policies', { user })).body.items).toEqual([]);
  });

  it('refuses an industry outside the six outdoor ones, naming the field', async () => {
    const response = await call('POST', '/gig-workers/join', { user: await member(), body: { cityId: 'gz', industry: 'other' } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('body.industry');
  });
});

describe('privacy in the tables and logs', () => {
  it('keeps no ID or phone number in clear in any table or log line', async () => {
    const phone = '13566667777';
    const user = await member('courier', phone);
    const id = residentId('19920202');
    expect((await call('POST', '/me/verification', { user, body: { name: '赵六', idNumber: id } })).status).toBe(200);
    const client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: localRegion, credentials: localCredentials });
    for (const table of ['accounts', 'organisations', 'idempotency']) {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: table }));
      const text = JSON.stringify(Items);
      expect(text, table).not.toContain(phone);
      expect(text, table).not.toContain(id);
    }
    // A refused repeat carrying the ID number is logged ("Request refused", tagged with the API
    // request id): wait for this request's own line, then look for both numbers anywhere in the log.
    const repeat = await call('POST', '/me/verification', { user, body: { name: '赵六', idNumber: id } });
    expect(repeat.status).toBe(409);
    const lines = await linesOfRequest(repeat.headers.get('apigw-requestid')!);
    expect(lines.some((line) => line.message === 'Request refused' && line.code === 'ALREADY_VERIFIED')).toBe(true);
    const logs = runtimeLog();
    expect(logs).not.toContain(phone);
    expect(logs).not.toContain(id);
  });
});

describe('profile', () => {
  it('changes phone (re-hashed and masked) and employer, and the name only until verified', async () => {
    const user = await member();
    const changed = await call('PATCH', '/me/profile', { user, body: { phone: '13677778888', employer: 'Swift Express' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ phoneMasked: '136****8888', employer: 'Swift Express' });
    expect((await call('PATCH', '/me/profile', { user, body: { name: '新名字' } })).body.name).toBe('新名字');
    expect((await call('POST', '/me/verification', { user, body: { name: '王芳', idNumber: residentId('19910909') } })).status).toBe(200);
    const locked = await call('PATCH', '/me/profile', { user, body: { name: '别的名字' } });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('NAME_VERIFIED');
    expect((await call('PATCH', '/me/profile', { user, body: {} })).status).toBe(400);
  });
});
