/**
 * Who may do what, route by route: every HTTP route of the manifest, called by every kind of
 * caller — nobody, a signed-in stranger, a member, a merchant, the admins of two cities and of the
 * province, an operator — at a target in the caller's own subtree and in another (admins), at the
 * caller's own record and at someone else's (members, merchants).
 *
 * One table, keyed by route. It must name every HTTP route of the manifest (the first test), so a
 * route added later cannot skip authorization. What a caller gets follows from the route's kind:
 * without a token 401; without the route's role 403 ROLE_REQUIRED; with it, `ok` on what is theirs
 * and `notTheirs` on the rest — 403 NOT_IN_SCOPE for the public tree, and for a record the very
 * answer an unknown id gets, so ids outside the caller's reach tell nothing.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../../local/demo';
import { functions } from '../../shared/manifest';
import { isMutating, type System } from '../../shared/system';
import { activityIn, signUp } from '../support/activities';
import { call } from '../support/api';
import { recordChecks } from '../support/reliability';
import { residentId } from '../support/resident-ids';
import { uniquePhone } from '../support/phones';
import { beaconRoundArrives, eventually, runSchedule } from '../support/schedules';
import { applicationOnNotice, campaignBody, claimWithDocument, closeCycle, coupon, gigWorker, granted, memberOf, objectedApplication, openCampaign, organisation, pendingApplication, programme, short, signedUp, submittedClaim, today, year } from '../support/scenario';

type Caller = 'anonymous' | 'stranger' | 'member' | 'merchant' | 'gzAdmin' | 'szAdmin' | 'gdAdmin' | 'operator';
type Which = 'own' | 'other';
interface Call {
  path: string;
  body?: unknown;
  /** Who makes the call instead of the shared caller (a fresh one the call may change). */
  as?: string;
}
interface Outcome {
  status: number | number[];
  code?: string;
  check?: (body: any) => boolean;
}
interface Entry {
  /** Whose route it is: who is refused by role. */
  for: 'public' | 'signed-in' | 'member' | 'admin' | 'operator' | 'merchant' | 'member,admin';
  /**
   * A target. Admin routes: 'own' lies in Guangzhou (the Guangzhou admin's subtree), 'other' in
   * Shenzhen. Member and merchant routes: 'own' is the caller's record, 'other' someone else's.
   * Built afresh for every call expected to change something; once per route and target otherwise.
   */
  target: (which: Which, caller?: Caller) => Promise<Call>;
  /** The route has nothing to aim at (the caller's own things, or a new thing). */
  single?: boolean;
  ok: Outcome;
  notTheirs?: Outcome;
  /** Answers that do not follow from the kind of route (a signed-in route showing records to some). */
  expect?: (caller: Caller, which: Which) => Outcome | undefined;
}

const notInScope: Outcome = { status: 403, code: 'NOT_IN_SCOPE' };
const users = {} as Record<Exclude<Caller, 'anonymous'>, string>;
let a: Awaited<ReturnType<typeof gigWorker>>; // the member caller: a ride-hailing driver of Guangzhou's federation
let b: Awaited<ReturnType<typeof gigWorker>>; // someone else: a courier of Shenzhen's
let otherMerchant: string;
const unions = {} as Record<'gzReviewed' | 'szReviewed' | 'gzOpen' | 'gzOpen2' | 'szOpen', string>;
const records = {} as Record<'aApplication' | 'bApplication' | 'aClaim' | 'bClaim' | 'aNotice' | 'bNotice' | 'gzCampaign' | 'szCampaign' | 'lotteryProgramme' | 'workProgramme' | 'gzDraw' | 'gzArticle' | 'szArticle', string>;

/** A fresh prize draw for the members under `organisationId`, open for a week. */
async function prizeDraw(organisationId: string) {
  const created = await call('POST', '/draws', {
    user: users.operator,
    body: { name: `Authz draw ${short()}`, organisationId, prizes: [{ name: '疗休养', count: 1 }], entriesCloseAt: new Date(Date.now() + 7 * 86400_000).toISOString(), acceptanceHours: 24 },
  });
  expect(created.status).toBe(201);
  return created.body.drawId as string;
}

/** Closes a draw's entries early and commits it; with `drawn`, lets the beacon round arrive and draws it. */
async function committedDraw(drawId: string, options: { drawn?: boolean } = {}) {
  const committed = await call('POST', `/draws/${drawId}/commit`, { user: users.operator, body: { closeEarlyReason: 'Closed early for the test.' } });
  expect(committed.status).toBe(201);
  if (options.drawn) {
    await beaconRoundArrives(committed.body.beacon);
    expect((await call('POST', `/draws/${drawId}/draw`, { user: users.operator })).status).toBe(200);
  }
  return drawId;
}

/** A fresh news article of `organisationId`, published by an operator. */
async function newsArticle(organisationId: string) {
  const published = await call('POST', `/organisations/${organisationId}/news`, { user: users.operator, body: { title: `Authz news ${short()}`, body: '正文' } });
  expect(published.status).toBe(201);
  return published.body.article.articleId as string;
}

/** An article with its body: members below its union and the admins of its subtree; to anyone else it does not exist. */
const articleReaders = (caller: Caller, which: Which): Outcome => {
  if (caller === 'anonymous') return { status: 401 };
  if (caller === 'stranger' || caller === 'merchant') return { status: 403, code: 'ROLE_REQUIRED' };
  const reads = caller === 'operator' || caller === 'gdAdmin' || (which === 'own' ? caller === 'member' || caller === 'gzAdmin' : caller === 'szAdmin');
  return reads ? { status: 200 } : { status: 404, code: 'ARTICLE_NOT_FOUND' };
};

const city = (which: Which) => (which === 'own' ? 'gz' : 'sz');
const town = (which: Which) => (which === 'own' ? 'gz-tianhe-wushan' : 'sz-nanshan-yuehai');
const worker = (which: Which) => (which === 'own' ? a : b);
/** An activity of the caller's (own) or the other city the worker of that side has signed up for. */
async function signedUpIn(which: Which, options?: Parameters<typeof activityIn>[2]) {
  const { activityId } = await activityIn(users.operator, city(which), options);
  await signUp(worker(which).user, activityId);
  return activityId;
}
const unionIn = (which: Which) => (which === 'own' ? unions.gzReviewed : unions.szReviewed);
const asMember = async (caller: Caller | undefined, make: () => Promise<string>) => (caller === 'member' ? make() : undefined);
const isAdmin = (caller: Caller) => ['gzAdmin', 'szAdmin', 'gdAdmin', 'operator'].includes(caller);

/** A claim's documents and access log: its member and the admins of its union's chain; to anyone else it does not exist. */
const claimReaders = (caller: Caller, which: Which): Outcome => {
  if (caller === 'anonymous') return { status: 401 };
  if (caller === 'stranger' || caller === 'merchant') return { status: 403, code: 'ROLE_REQUIRED' };
  const reads = caller === 'operator' || caller === 'gdAdmin' || (which === 'own' ? caller === 'member' || caller === 'gzAdmin' : caller === 'szAdmin');
  return reads ? { status: 200 } : { status: 404, code: 'CLAIM_NOT_FOUND' };
};

/** A fresh programme whose cycle this year the operator has closed. */
async function closedProgramme() {
  const programmeId = await programme(users.operator);
  await closeCycle(users.operator, programmeId);
  return programmeId;
}

const table: Record<string, Entry> = {
  // platform
  health: { for: 'public', single: true, target: async () => ({ path: '/health' }), ok: { status: 200 } },
  openapi: { for: 'public', single: true, target: async () => ({ path: '/openapi.json' }), ok: { status: 200 } },

  // accounts
  meGet: { for: 'signed-in', single: true, target: async () => ({ path: '/me' }), ok: { status: 200 } },
  memberRegister: {
    for: 'signed-in',
    single: true,
    // Each caller signs up as a fresh account of its kind (signing up would change the shared one).
    target: async (_which, caller) => ({
      path: '/members',
      body: { name: 'New Member', phone: uniquePhone(), industry: 'other' },
      as: caller === undefined || caller === 'member' || caller === 'anonymous' ? undefined : await freshAccount(caller),
    }),
    ok: { status: 201 },
    expect: (caller) => (caller === 'member' ? { status: 409, code: 'ALREADY_REGISTERED' } : undefined),
  },
  profileUpdate: { for: 'member', single: true, target: async () => ({ path: '/me/profile', body: { employer: 'Didi' } }), ok: { status: 200 } },

  // the tree
  organisationCreate: {
    for: 'admin',
    target: async (which) => ({ path: '/organisations', body: { parentId: town(which), name: `Authz union ${short()}`, kind: 'grassroots' } }),
    ok: { status: 201 },
    notTheirs: notInScope,
  },
  organisationGet: { for: 'signed-in', target: async (which) => ({ path: `/organisations/${unionIn(which)}` }), ok: { status: 200 } },
  organisationChildren: { for: 'signed-in', target: async (which) => ({ path: `/organisations/${town(which)}/children` }), ok: { status: 200 } },
  organisationUpdate: {
    for: 'admin',
    target: async (which) => ({ path: `/organisations/${unionIn(which)}`, body: { name: `Renamed ${short()}` } }),
    ok: { status: 200 },
    notTheirs: notInScope,
  },
  organisationClose: {
    for: 'admin',
    target: async (which) => ({ path: `/organisations/${(await organisation(users.operator, town(which))).id}` }),
    ok: { status: 200, check: (body) => body.status === 'closed' },
    notTheirs: notInScope,
  },
  organisationMove: {
    for: 'admin',
    target: async (which) => ({ path: `/organisations/${(await organisation(users.operator, town(which))).id}/move`, body: { newParentId: city(which) } }),
    ok: { status: 202 },
    notTheirs: notInScope,
  },

  // members
  organisationMembers: { for: 'admin', target: async (which) => ({ path: `/organisations/${town(which)}/members` }), ok: { status: 200 }, notTheirs: notInScope },
  adminsList: { for: 'admin', target: async (which) => ({ path: `/organisations/${unionIn(which)}/admins` }), ok: { status: 200 }, notTheirs: notInScope },
  adminChanges: { for: 'admin', target: async (which) => ({ path: `/organisations/${unionIn(which)}/admin-changes` }), ok: { status: 200 }, notTheirs: notInScope },
  adminAppoint: {
    for: 'admin',
    target: async (which) => ({ path: `/organisations/${unionIn(which)}/admins`, body: { userId: subjectOf(await signedUp()) } }),
    ok: { status: 201 },
    notTheirs: notInScope,
  },
  adminRemove: {
    for: 'admin',
    target: async (which) => {
      const user = await signedUp();
      expect((await call('POST', `/organisations/${unionIn(which)}/admins`, { user: users.operator, body: { userId: subjectOf(user) } })).status).toBe(201);
      return { path: `/organisations/${unionIn(which)}/admins/${subjectOf(user)}` };
    },
    ok: { status: 200 },
    notTheirs: notInScope,
  },
  joinRequestsList: { for: 'admin', target: async (which) => ({ path: `/organisations/${unionIn(which)}/join-requests` }), ok: { status: 200 }, notTheirs: notInScope },
  joinRequestDecide: {
    for: 'admin',
    target: async (which) => {
      const user = await signedUp();
      expect((await call('POST', '/me/membership', { user, body: { organisationId: unionIn(which) } })).status).toBe(201);
      return { path: `/organisations/${unionIn(which)}/join-requests/${subjectOf(user)}`, body: { decision: 'approve' } };
    },
    ok: { status: 200, check: (body) => body.decision === 'approved' },
    notTheirs: notInScope,
  },
  membershipGet: { for: 'member', single: true, target: async () => ({ path: '/me/membership' }), ok: { status: 200 } },
  membershipJoin: {
    for: 'member',
    single: true,
    target: async (_which, caller) => ({ path: '/me/membership', body: { organisationId: unions.gzOpen }, as: await asMember(caller, () => signedUp()) }),
    ok: { status: 201 },
  },
  membershipTransfer: {
    for: 'member',
    single: true,
    target: async (_which, caller) => ({ path: '/me/membership/transfer', body: { organisationId: unions.gzOpen2 }, as: await asMember(caller, () => memberOf(unions.gzOpen, { verified: false })) }),
    ok: { status: 201 },
  },
  membershipLeave: {
    for: 'member',
    single: true,
    target: async (_which, caller) => ({ path: '/me/membership', as: await asMember(caller, () => memberOf(unions.gzOpen, { verified: false })) }),
    ok: { status: 200 },
  },
  membershipRequestWithdraw: {
    for: 'member',
    single: true,
    target: async (_which, caller) => ({
      path: '/me/membership/request',
      as: await asMember(caller, async () => {
        const user = await signedUp();
        expect((await call('POST', '/me/membership', { user, body: { organisationId: unions.gzReviewed } })).status).toBe(201);
        return user;
      }),
    }),
    ok: { status: 200 },
  },
  identityVerify: {
    for: 'member',
    single: true,
    target: async (_which, caller) => ({ path: '/me/verification', body: { name: '验证员', idNumber: residentId('19850505') }, as: await asMember(caller, () => signedUp()) }),
    ok: { status: 200 },
  },
  gigWorkerJoin: {
    for: 'member',
    single: true,
    target: async (_which, caller) => ({ path: '/gig-workers/join', body: { cityId: 'gz', industry: 'ride-hailing' }, as: await asMember(caller, () => signedUp('ride-hailing')) }),
    ok: { status: 201 },
  },
  policiesList: { for: 'member', single: true, target: async () => ({ path: '/me/policies' }), ok: { status: 200 } },

  // claims
  claimFile: {
    for: 'member',
    target: async (which) => ({
      path: '/me/claims',
      body: { policyNo: worker(which).policy.policyNo, kind: 'accident-medical', incidentDate: worker(which).policy.startsOn, amountFen: 100, description: 'Hit by a scooter while parking the car.' },
    }),
    ok: { status: 201 },
    notTheirs: { status: 404, code: 'POLICY_NOT_FOUND' },
  },
  claimsMine: { for: 'member', single: true, target: async () => ({ path: '/me/claims' }), ok: { status: 200 } },
  claimGet: {
    for: 'member',
    target: async (which) => ({ path: `/me/claims/${which === 'own' ? records.aClaim : records.bClaim}` }),
    ok: { status: 200 },
    notTheirs: { status: 404, code: 'CLAIM_NOT_FOUND' },
  },
  claimDocumentsAdd: {
    for: 'member',
    target: async (which) => ({
      path: `/me/claims/${which === 'own' ? records.aClaim : records.bClaim}/documents`,
      body: { documents: [{ fileName: 'receipt.pdf', contentType: 'application/pdf', sizeBytes: 10 }] },
    }),
    ok: { status: 201 },
    notTheirs: { status: 404, code: 'CLAIM_NOT_FOUND' },
  },
  claimResubmit: {
    for: 'member',
    target: async (which) => {
      const claimId = await submittedClaim(worker(which));
      expect((await call('POST', `/claims/${claimId}/review`, { user: users.operator, body: { decision: 'request-info', reason: 'Add the receipt.' } })).status).toBe(200);
      return { path: `/me/claims/${claimId}/resubmit`, body: { note: 'Added.' } };
    },
    ok: { status: 200 },
    notTheirs: { status: 404, code: 'CLAIM_NOT_FOUND' },
  },
  claimReview: {
    for: 'admin',
    target: async (which) => ({ path: `/claims/${await submittedClaim(worker(which))}/review`, body: { decision: 'request-info', reason: 'Please add the receipt.' } }),
    ok: { status: 200, check: (body) => body.status === 'more-info-requested' },
    notTheirs: { status: 404, code: 'CLAIM_NOT_FOUND' },
  },
  organisationClaims: {
    for: 'admin',
    target: async (which) => ({ path: `/organisations/${worker(which).federationId}/claims` }),
    ok: { status: 200 },
    notTheirs: notInScope,
  },
  claimDocumentOpen: {
    for: 'member,admin',
    target: async (which) => {
      const { claimId, documentId } = await claimWithDocument(worker(which));
      return { path: `/claims/${claimId}/documents/${documentId}` };
    },
    ok: { status: 200 },
    expect: claimReaders,
  },
  claimDocumentViews: {
    for: 'member,admin',
    target: async (which) => ({ path: `/claims/${which === 'own' ? records.aClaim : records.bClaim}/document-views` }),
    ok: { status: 200 },
    expect: claimReaders,
  },

  // coupons
  campaignCreate: { for: 'admin', target: async (which) => ({ path: '/campaigns', body: campaignBody(city(which)) }), ok: { status: 201 }, notTheirs: notInScope },
  campaignsList: { for: 'signed-in', single: true, target: async () => ({ path: '/campaigns' }), ok: { status: 200 } },
  couponClaim: {
    for: 'member',
    target: async (which) => ({ path: `/campaigns/${which === 'own' ? records.gzCampaign : records.szCampaign}/claims` }),
    ok: { status: [200, 201] },
    notTheirs: { status: 403, code: 'NOT_ELIGIBLE' },
  },
  couponsMine: { for: 'member', single: true, target: async () => ({ path: '/me/coupons' }), ok: { status: 200 } },
  couponRedeem: {
    for: 'merchant',
    // Own: a coupon accepted at the caller's shop; other: one accepted only at another shop.
    target: async (which) => ({
      path: `/coupons/${await coupon(users.operator, 'gz', a.user, which === 'own' ? {} : { merchants: ['other-mart'] })}/redeem`,
      body: { orderFen: 500 },
    }),
    ok: { status: 200 },
    notTheirs: { status: 409, code: 'COUPON_NOT_REDEEMABLE' },
  },
  couponReverse: {
    for: 'merchant',
    // Own: a redemption the caller made; other: one another shop made.
    target: async (which) => {
      const code = await coupon(users.operator, 'gz', a.user, { merchants: ['demo-mart', 'other-mart'] });
      const redeemer = which === 'own' ? users.merchant : otherMerchant;
      expect((await call('POST', `/coupons/${code}/redeem`, { user: redeemer, body: { orderFen: 500 } })).status).toBe(200);
      return { path: `/coupons/${code}/reverse` };
    },
    ok: { status: 200 },
    notTheirs: { status: 409, code: 'COUPON_NOT_REDEEMABLE' },
  },
  campaignDayFigures: {
    for: 'admin',
    target: async (which) => ({ path: `/campaigns/${which === 'own' ? records.gzCampaign : records.szCampaign}/days/${today}` }),
    ok: { status: 200 },
    notTheirs: { status: 404, code: 'CAMPAIGN_NOT_FOUND' },
  },
  // Switched off (a state, so the call changes nothing other tests see): the scope is what is checked.
  birthdayBenefitSet: {
    for: 'admin',
    target: async (which) => ({ path: `/organisations/${unionIn(which)}/birthday-benefit`, body: { status: 'off' } }),
    ok: { status: 200, check: (body) => body.status === 'off' },
    notTheirs: notInScope,
  },
  birthdayBenefitGet: { for: 'admin', target: async (which) => ({ path: `/organisations/${unionIn(which)}/birthday-benefit` }), ok: { status: 200 }, notTheirs: notInScope },

  // subsidies
  programmesList: { for: 'signed-in', single: true, target: async () => ({ path: '/programmes' }), ok: { status: 200 } },
  programmeCreate: {
    for: 'operator',
    single: true,
    target: async () => ({
      path: '/programmes',
      body: {
        programmeId: `authz-new-${short()}`,
        name: 'A new programme',
        cycle: 'annual',
        window: { days: 30 },
        eligibility: { verified: true, minMembershipMonths: 0, levelRequired: false },
        amount: { kind: 'fixed', fen: 500 },
        quotaPerCycle: 10,
        noticeDays: 7,
      },
    }),
    ok: { status: 201 },
  },
  subsidyApply: {
    for: 'member',
    single: true,
    target: async () => ({ path: `/programmes/${await programme(users.operator)}/applications`, body: { details: {} } }),
    ok: { status: 201 },
  },
  applicationsMine: { for: 'member', single: true, target: async () => ({ path: '/me/applications' }), ok: { status: 200 } },
  applicationGet: {
    for: 'signed-in',
    // Its applicant and the admins of its union chain read it; to anyone else it does not exist.
    target: async (which) => ({ path: `/applications/${which === 'own' ? records.aApplication : records.bApplication}` }),
    ok: { status: 200 },
    expect: (caller, which) => {
      const reads =
        caller === 'operator' || caller === 'gdAdmin' || (which === 'own' ? caller === 'member' || caller === 'gzAdmin' : caller === 'szAdmin');
      if (caller === 'anonymous') return { status: 401 };
      return reads ? { status: 200 } : { status: 404, code: 'APPLICATION_NOT_FOUND' };
    },
  },
  applicationReview: {
    for: 'admin',
    target: async (which) => ({ path: `/applications/${(await pendingApplication(users.operator, worker(which).user)).applicationId}/review`, body: { decision: 'approve' } }),
    ok: { status: 200, check: (body) => body.status === 'approved' },
    notTheirs: { status: 404, code: 'APPLICATION_NOT_FOUND' },
  },
  applicationsReviewBulk: {
    for: 'admin',
    target: async (which) => ({
      path: '/applications/reviews',
      body: { decisions: [{ applicationId: (await pendingApplication(users.operator, worker(which).user)).applicationId, decision: 'approve' }] },
    }),
    ok: { status: 200, check: (body) => body.results[0].status === 'approved' },
    notTheirs: { status: 200, check: (body) => body.results[0].error === 'APPLICATION_NOT_FOUND' && body.results[0].status === undefined },
  },
  applicationsWorkList: {
    for: 'admin',
    target: async (which) => ({ path: `/organisations/${city(which)}/applications?programmeId=${records.workProgramme}` }),
    ok: { status: 200 },
    notTheirs: notInScope,
  },
  cycleClose: {
    for: 'operator',
    single: true,
    target: async () => ({ path: `/programmes/${await programme(users.operator)}/cycles/${year}/close`, body: { reason: 'Closed early: the budget is spent.' } }),
    ok: { status: 201 },
  },
  lotteryCommit: {
    for: 'operator',
    single: true,
    target: async () => ({ path: `/programmes/${await closedProgramme()}/cycles/${year}/lottery/commit` }),
    ok: { status: 201 },
  },
  lotteryDraw: {
    for: 'operator',
    single: true,
    target: async () => {
      const programmeId = await closedProgramme();
      const committed = await call('POST', `/programmes/${programmeId}/cycles/${year}/lottery/commit`, { user: users.operator });
      expect(committed.status).toBe(201);
      await beaconRoundArrives(committed.body.beacon);
      return { path: `/programmes/${programmeId}/cycles/${year}/lottery/draw` };
    },
    ok: { status: 200 },
  },
  lotteryGet: { for: 'signed-in', single: true, target: async () => ({ path: `/programmes/${records.lotteryProgramme}/cycles/${year}/lottery` }), ok: { status: 200 } },
  noticeList: { for: 'signed-in', single: true, target: async () => ({ path: `/programmes/${records.lotteryProgramme}/cycles/${year}/notice` }), ok: { status: 200 } },
  objectionRaise: {
    for: 'member',
    single: true,
    // Any member may object to a result on notice (here: someone else's).
    target: async () => ({ path: `/applications/${(await applicationOnNotice(users.operator, b.user)).applicationId}/objections`, body: { reason: 'The applicant left the union last year.' } }),
    ok: { status: 201, check: (body) => body.userId === undefined && body.applicantName === undefined },
  },
  objectionResolve: {
    for: 'admin',
    target: async (which) => ({
      path: `/applications/${await objectedApplication(users.operator, worker(which).user, worker(which === 'own' ? 'other' : 'own').user)}/objection-decision`,
      body: { decision: 'dismiss', reason: 'The applicant is a member in good standing.' },
    }),
    ok: { status: 200, check: (body) => body.status === 'in-notice' },
    notTheirs: { status: 404, code: 'APPLICATION_NOT_FOUND' },
  },

  // prize draws
  drawCreate: {
    for: 'admin',
    target: async (which) => ({
      path: '/draws',
      body: { name: `Authz draw ${short()}`, organisationId: city(which), prizes: [{ name: '疗休养', count: 1 }], entriesCloseAt: new Date(Date.now() + 86400_000).toISOString(), acceptanceHours: 24 },
    }),
    ok: { status: 201 },
    notTheirs: notInScope,
  },
  drawsOpen: { for: 'member', single: true, target: async () => ({ path: '/draws' }), ok: { status: 200 } },
  drawGet: { for: 'signed-in', single: true, target: async () => ({ path: `/draws/${records.gzDraw}` }), ok: { status: 200 } },
  drawEnter: { for: 'member', single: true, target: async () => ({ path: `/draws/${await prizeDraw('gz')}/entries` }), ok: { status: 201 } },
  drawsMine: { for: 'member', single: true, target: async () => ({ path: '/me/draws' }), ok: { status: 200 } },
  organisationDraws: { for: 'admin', target: async (which) => ({ path: `/organisations/${city(which)}/draws` }), ok: { status: 200 }, notTheirs: notInScope },
  drawCommit: {
    for: 'admin',
    target: async (which) => ({ path: `/draws/${await prizeDraw(city(which))}/commit`, body: { closeEarlyReason: 'Closed early for the test.' } }),
    ok: { status: 201 },
    notTheirs: { status: 404, code: 'DRAW_NOT_FOUND' },
  },
  drawRun: {
    for: 'admin',
    target: async (which) => {
      const committed = await call('POST', `/draws/${await prizeDraw(city(which))}/commit`, { user: users.operator, body: { closeEarlyReason: 'Closed early for the test.' } });
      await beaconRoundArrives(committed.body.beacon);
      return { path: `/draws/${committed.body.drawId}/draw` };
    },
    ok: { status: 200 },
    notTheirs: { status: 404, code: 'DRAW_NOT_FOUND' },
  },
  prizeDecision: {
    for: 'member',
    single: true,
    // The member caller is offered the only prize of a draw she alone entered.
    target: async () => {
      const drawId = await prizeDraw('gz');
      expect((await call('POST', `/draws/${drawId}/entries`, { user: users.member })).status).toBe(201);
      await committedDraw(drawId, { drawn: true });
      return { path: `/draws/${drawId}/prize-decision`, body: { decision: 'accept' } };
    },
    ok: { status: 200, check: (body) => body.status === 'accepted' },
  },
  drawProof: { for: 'signed-in', single: true, target: async () => ({ path: `/draws/${records.gzDraw}/proof` }), ok: { status: 200 } },

  // payouts
  payoutsMine: { for: 'member', single: true, target: async () => ({ path: '/me/payouts' }), ok: { status: 200 } },
  payoutBatchesList: { for: 'operator', single: true, target: async () => ({ path: '/payouts/batches?limit=5' }), ok: { status: 200, check: (body) => Array.isArray(body.items) } },
  payoutBatchGet: { for: 'operator', single: true, target: async () => ({ path: `/payouts/batches/${await aPayoutBatch()}` }), ok: { status: 200, check: (body) => Array.isArray(body.items) } },

  // inbox
  inboxList: { for: 'member', single: true, target: async () => ({ path: '/me/notices' }), ok: { status: 200 } },
  inboxUnreadCount: { for: 'member', single: true, target: async () => ({ path: '/me/notices/unread-count' }), ok: { status: 200 } },
  inboxMarkRead: {
    for: 'member',
    target: async (which) => ({ path: `/me/notices/${which === 'own' ? records.aNotice : records.bNotice}/read` }),
    ok: { status: 200 },
    notTheirs: { status: 404, code: 'NOTICE_NOT_FOUND' },
  },
  inboxMarkAllRead: { for: 'member', single: true, target: async () => ({ path: '/me/notices/read-all' }), ok: { status: 200 } },

  // privacy
  accessLogList: { for: 'member', single: true, target: async () => ({ path: '/me/access-log' }), ok: { status: 200, check: (body) => Array.isArray(body.items) } },
  // activities: 'own' is organised by Guangzhou (the member caller's city), 'other' by Shenzhen
  activityCreate: {
    for: 'admin',
    target: async (which) => ({
      path: '/activities',
      body: { organisationId: city(which), title: 'Authz outing', description: '-', startsAt: inDays(2), endsAt: inDays(2.1), place: { kind: 'venue', address: 'Gate 1' }, capacity: 5 },
    }),
    ok: { status: 201 },
    notTheirs: notInScope,
  },
  activitiesOpen: { for: 'member', single: true, target: async () => ({ path: '/activities' }), ok: { status: 200 } },
  activitiesMine: { for: 'member', single: true, target: async () => ({ path: '/me/activities' }), ok: { status: 200 } },
  activityGet: {
    for: 'member,admin',
    target: async (which) => ({ path: `/activities/${(await activityIn(users.operator, city(which))).activityId}` }),
    ok: { status: 200 },
    // Its audience (the member caller lives in Guangzhou) and its organiser's admins; to anyone else it does not exist.
    expect: (caller, which) => {
      if (caller === 'anonymous') return { status: 401 };
      if (caller === 'stranger' || caller === 'merchant') return { status: 403, code: 'ROLE_REQUIRED' };
      const reads = caller === 'operator' || caller === 'gdAdmin' || (which === 'own' ? caller === 'member' || caller === 'gzAdmin' : caller === 'szAdmin');
      return reads ? { status: 200 } : { status: 404, code: 'ACTIVITY_NOT_FOUND' };
    },
  },
  organisationActivities: { for: 'admin', target: async (which) => ({ path: `/organisations/${city(which)}/activities` }), ok: { status: 200 }, notTheirs: notInScope },
  activityRoster: {
    for: 'admin',
    target: async (which) => ({ path: `/activities/${(await activityIn(users.operator, city(which))).activityId}/sign-ups?status=waiting` }),
    ok: { status: 200 },
    notTheirs: { status: 404, code: 'ACTIVITY_NOT_FOUND' },
  },
  activitySignUp: {
    for: 'member',
    target: async (which) => ({ path: `/activities/${(await activityIn(users.operator, city(which))).activityId}/sign-up` }),
    ok: { status: 201 },
    notTheirs: { status: 404, code: 'ACTIVITY_NOT_FOUND' },
  },
  activitySignUpCancel: {
    for: 'member',
    // Own: an activity the member caller signed up for; other: one only the other worker signed up for.
    target: async (which) => ({ path: `/activities/${await signedUpIn(which)}/sign-up` }),
    ok: { status: 200 },
    notTheirs: { status: 404, code: 'NOT_SIGNED_UP' },
  },
  activityOfferDecide: {
    for: 'member',
    // Own: the member caller is first in line when a seat frees; other: the offer is the other worker's.
    target: async (which) => {
      const { activityId } = await activityIn(users.operator, city(which), { capacity: 1 });
      const first = await memberOf(which === 'own' ? unions.gzOpen : unions.szOpen, { verified: false });
      await signUp(first, activityId);
      await signUp(worker(which).user, activityId, 'waiting');
      expect((await call('DELETE', `/activities/${activityId}/sign-up`, { user: first })).status).toBe(200);
      return { path: `/activities/${activityId}/offer`, body: { decision: 'accept' } };
    },
    ok: { status: 200, check: (body) => body.status === 'signed-up' },
    notTheirs: { status: 409, code: 'NO_OFFER' },
  },
  activityCheckInCode: {
    for: 'member',
    target: async (which) => ({ path: `/activities/${await signedUpIn(which)}/check-in-code` }),
    ok: { status: 200 },
    notTheirs: { status: 404, code: 'NOT_SIGNED_UP' },
  },
  activityCheckIn: {
    for: 'admin',
    // A member of the activity's city shows her code an hour before the start.
    target: async (which) => {
      const activityId = await signedUpIn(which, { startsInMs: 3600_000 });
      const { code } = (await call('GET', `/activities/${activityId}/check-in-code`, { user: worker(which).user })).body;
      return { path: `/activities/${activityId}/check-ins`, body: { code } };
    },
    ok: { status: 201 },
    notTheirs: { status: 404, code: 'ACTIVITY_NOT_FOUND' },
  },
  activityClose: {
    for: 'admin',
    target: async (which) => ({ path: `/activities/${(await activityIn(users.operator, city(which))).activityId}/close`, body: { reason: 'Full.' } }),
    ok: { status: 200, check: (body) => body.status === 'closed' },
    notTheirs: { status: 404, code: 'ACTIVITY_NOT_FOUND' },
  },
  activityCancel: {
    for: 'admin',
    target: async (which) => ({ path: `/activities/${(await activityIn(users.operator, city(which))).activityId}/cancel`, body: { reason: 'Storm.' } }),
    ok: { status: 200, check: (body) => body.status === 'cancelled' },
    notTheirs: { status: 404, code: 'ACTIVITY_NOT_FOUND' },
  },

  // news
  newsPublish: {
    for: 'admin',
    target: async (which) => ({ path: `/organisations/${city(which)}/news`, body: { title: `Authz news ${short()}`, body: '正文' } }),
    ok: { status: 201 },
    notTheirs: notInScope,
  },
  organisationNews: { for: 'admin', target: async (which) => ({ path: `/organisations/${city(which)}/news` }), ok: { status: 200 }, notTheirs: notInScope },
  newsFeed: { for: 'member', single: true, target: async () => ({ path: '/news' }), ok: { status: 200 } },
  newsGet: {
    for: 'member,admin',
    target: async (which) => ({ path: `/news/${which === 'own' ? records.gzArticle : records.szArticle}` }),
    ok: { status: 200 },
    expect: articleReaders,
  },
  newsEdit: {
    for: 'admin',
    target: async (which) => ({ path: `/news/${await newsArticle(city(which))}`, body: { pinned: true } }),
    ok: { status: 200, check: (body) => body.article.version === 2 },
    notTheirs: { status: 404, code: 'ARTICLE_NOT_FOUND' },
  },
  newsUnpublish: {
    for: 'admin',
    target: async (which) => ({ path: `/news/${await newsArticle(city(which))}` }),
    ok: { status: 200, check: (body) => body.status === 'unpublished' },
    notTheirs: { status: 404, code: 'ARTICLE_NOT_FOUND' },
  },

  // themes of the month (a month of their own, far ahead: no other file's theme is replaced)
  themeSet: {
    for: 'admin',
    target: async (which) => ({ path: `/organisations/${city(which)}/themes/${themeMonth}`, body: { title: 'Authz theme', intro: '本月主题' } }),
    ok: { status: 200, check: (body) => body.title === 'Authz theme' && body.month === themeMonth },
    notTheirs: notInScope,
  },
  themeGet: {
    for: 'admin',
    target: async (which) => {
      const path = `/organisations/${city(which)}/themes/${themeMonth}`;
      expect((await call('PUT', path, { user: users.operator, body: { title: 'Authz theme', intro: '本月主题' } })).status).toBe(200);
      return { path };
    },
    ok: { status: 200, check: (body) => body.month === themeMonth },
    notTheirs: notInScope,
  },
  organisationThemes: { for: 'admin', target: async (which) => ({ path: `/organisations/${city(which)}/themes` }), ok: { status: 200 }, notTheirs: notInScope },
  organisationDashboard: { for: 'admin', target: async (which) => ({ path: `/organisations/${city(which)}/dashboard` }), ok: { status: 200 }, notTheirs: notInScope },
  themesMine: { for: 'member', single: true, target: async () => ({ path: `/me/themes?month=${themeMonth}` }), ok: { status: 200, check: (body) => body.month === themeMonth } },
};

/** A payout batch's number: the newest there is, or one made by paying a fresh claim. */
async function aPayoutBatch(): Promise<string> {
  const newest = async () => (await call('GET', '/payouts/batches?limit=1', { user: users.operator })).body.items[0]?.batchNo as string | undefined;
  const known = await newest();
  if (known) return known;
  const worker = await gigWorker('gz', 'courier');
  const claimId = await submittedClaim(worker);
  expect((await call('POST', `/claims/${claimId}/review`, { user: users.operator, body: { decision: 'approve', approvedAmountFen: 100 } })).status).toBe(200);
  await runSchedule('payoutBatcher');
  return eventually(newest);
}

/** A notice in the worker's inbox: her federation's admin asks for more on a claim of hers. */
async function noticeFor(worker: { user: string; policy: { policyNo: string; startsOn: string } }, admin: string) {
  const claimId = await submittedClaim(worker);
  expect((await call('POST', `/claims/${claimId}/review`, { user: admin, body: { decision: 'request-info', reason: 'Please add the receipt.' } })).status).toBe(200);
  return (await call('GET', '/me/notices', { user: worker.user })).body.items[0].noticeId as string;
}

/** The month the theme rows set and read. */
const themeMonth = '2030-01';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** A fresh account of the caller's kind, for calls that change the account itself. */
async function freshAccount(caller: Caller): Promise<string> {
  switch (caller) {
    case 'gzAdmin':
      return granted('gz-admin', { role: 'admin', organisationId: 'gz' });
    case 'szAdmin':
      return granted('sz-admin', { role: 'admin', organisationId: 'sz' });
    case 'gdAdmin':
      return granted('gd-admin', { role: 'admin', organisationId: 'gd' });
    case 'operator':
      return granted('operator', { role: 'operator' });
    case 'merchant':
      return granted('merchant', { role: 'merchant', merchantId: 'demo-mart' });
    default:
      return `stranger-${short()}`;
  }
}

/** What a caller gets from a route at a target, by the route's kind. */
function expected(entry: Entry, caller: Caller, which: Which): Outcome {
  const custom = entry.expect?.(caller, which);
  if (custom) return custom;
  if (entry.for === 'public') return entry.ok;
  if (caller === 'anonymous') return { status: 401 };
  if (entry.for === 'signed-in') return entry.ok;
  const holds = entry.for === 'admin' ? isAdmin(caller) : caller === entry.for;
  if (!holds) return { status: 403, code: 'ROLE_REQUIRED' };
  if (entry.for === 'admin') {
    const reaches = caller === 'operator' || caller === 'gdAdmin' || (caller === 'gzAdmin') === (which === 'own');
    return reaches ? entry.ok : entry.notTheirs!;
  }
  return which === 'own' ? entry.ok : entry.notTheirs!;
}

/**
 * The calls to make: every caller with the route's role at every target; every caller without it
 * once (a refusal by role does not look at the target), one of each kind of caller.
 */
function cases(entry: Entry): [Caller, Which][] {
  const targets: Which[] = entry.single ? ['own'] : ['own', 'other'];
  const everyone: Caller[] = ['anonymous', 'stranger', 'member', 'merchant', 'gzAdmin', 'szAdmin', 'gdAdmin', 'operator'];
  return everyone.flatMap((caller) => {
    const want = expected(entry, caller, 'own');
    const refusedByRole = (want.status === 401 || want.code === 'ROLE_REQUIRED') && !entry.expect;
    // Role refusals: once per kind of caller (one admin stands for the three).
    if (refusedByRole) return caller === 'szAdmin' || caller === 'gdAdmin' ? [] : [[caller, 'own'] as [Caller, Which]];
    return targets.map((which) => [caller, which] as [Caller, Which]);
  });
}

const matches = (want: Outcome, status: number, body: any) =>
  [want.status].flat().includes(status) && (!want.code || body?.code === want.code) && (!want.check || want.check(body));

beforeAll(async () => {
  users.operator = await granted('operator', { role: 'operator' });
  users.gzAdmin = await granted('gz-admin', { role: 'admin', organisationId: 'gz' });
  users.szAdmin = await granted('sz-admin', { role: 'admin', organisationId: 'sz' });
  users.gdAdmin = await granted('gd-admin', { role: 'admin', organisationId: 'gd' });
  users.merchant = await granted('merchant', { role: 'merchant', merchantId: 'demo-mart' });
  otherMerchant = await granted('merchant', { role: 'merchant', merchantId: 'other-mart' });
  users.stranger = `stranger-${short()}`;
  a = await gigWorker('gz', 'ride-hailing');
  b = await gigWorker('sz', 'courier');
  users.member = a.user;
  unions.gzReviewed = (await organisation(users.operator, 'gz-tianhe-wushan')).id;
  unions.szReviewed = (await organisation(users.operator, 'sz-nanshan-yuehai')).id;
  unions.gzOpen = (await organisation(users.operator, 'gz-tianhe-wushan', 'grassroots', { autoApprove: true })).id;
  unions.gzOpen2 = (await organisation(users.operator, 'gz-tianhe-wushan', 'grassroots', { autoApprove: true })).id;
  unions.szOpen = (await organisation(users.operator, 'sz-nanshan-yuehai', 'grassroots', { autoApprove: true })).id;
  const aPending = await pendingApplication(users.operator, a.user);
  records.aApplication = aPending.applicationId;
  records.workProgramme = aPending.programmeId;
  records.bApplication = (await pendingApplication(users.operator, b.user)).applicationId;
  records.aClaim = await submittedClaim(a);
  records.bClaim = await submittedClaim(b);
  records.aNotice = await noticeFor(a, users.gzAdmin);
  records.bNotice = await noticeFor(b, users.szAdmin);
  records.gzCampaign = await openCampaign(users.operator, 'gz');
  records.szCampaign = await openCampaign(users.operator, 'sz');
  records.lotteryProgramme = await programme(users.operator);
  await closeCycle(users.operator, records.lotteryProgramme);
  expect((await call('POST', `/programmes/${records.lotteryProgramme}/cycles/${year}/lottery/commit`, { user: users.operator })).status).toBe(201);
  records.gzDraw = await committedDraw(await prizeDraw('gz'));
  records.gzArticle = await newsArticle('gz');
  records.szArticle = await newsArticle('sz');
}, 300_000);

describe('authorization, route by route', () => {
  it('declares every HTTP route of the manifest, and nothing else', () => {
    const routes = Object.entries(functions as System['functions']).flatMap(([name, spec]) => (spec.trigger.kind === 'http' ? [name] : []));
    expect(Object.keys(table).sort()).toEqual(routes.sort());
    for (const [name, entry] of Object.entries(table)) {
      const trigger = (functions as System['functions'])[name]!.trigger;
      if (trigger.kind !== 'http') continue;
      // The table's kind of route is the manifest's access rule.
      const access = trigger.access === 'public' || trigger.access === 'signed-in' ? trigger.access : trigger.access.roles.filter((r) => r !== 'operator').join(',') || 'operator';
      expect(entry.for, name).toBe(access);
    }
  });

  it.each(Object.keys(table))('%s answers every caller as its kind of route says', async (name) => {
    const entry = table[name]!;
    const trigger = (functions as System['functions'])[name]!.trigger;
    if (trigger.kind !== 'http') throw new Error(`${name} is not a route`);
    const shared = new Map<Which, Call>();
    const wrong: string[] = [];
    const attempt = async ([caller, which]: [Caller, Which]) => {
      const want = expected(entry, caller, which);
      const changes = isMutating(trigger) && [want.status].flat().some((status) => status < 300);
      if (!changes && !shared.has(which)) shared.set(which, await entry.target(which));
      const request = changes ? await entry.target(which, caller) : shared.get(which)!;
      const user = request.as ?? (caller === 'anonymous' ? undefined : users[caller]);
      const response = await call(trigger.method, request.path, { user, body: request.body });
      if (!matches(want, response.status, response.body)) {
        wrong.push(`${caller} at ${which}: wanted ${JSON.stringify({ ...want, check: undefined })}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
      }
    };
    // Reads run at once; changes one after another (they build their targets in shared unions).
    if (isMutating(trigger)) for (const one of cases(entry)) await attempt(one);
    else {
      for (const which of entry.single ? (['own'] as const) : (['own', 'other'] as const)) shared.set(which, await entry.target(which));
      await Promise.all(cases(entry).map(attempt));
    }
    recordChecks('route × role cells answer as the matrix says', cases(entry).length, wrong.length);
    expect(wrong).toEqual([]);
  }, 240_000);
});

describe('ids outside the caller’s reach tell nothing', () => {
  it.each([
    ['POST', 'applications/{id}/review', { decision: 'approve' }],
    ['POST', 'applications/{id}/objection-decision', { decision: 'uphold', reason: 'No.' }],
    ['GET', 'applications/{id}', undefined],
  ] as const)('%s /%s answers another subtree’s record exactly as an unknown id', async (method, template, body) => {
    const outside = await call(method, `/${template.replace('{id}', records.bApplication)}`, { user: users.gzAdmin, body });
    const unknown = await call(method, `/${template.replace('{id}', randomUUID())}`, { user: users.gzAdmin, body });
    const { requestId: _a, instance: _b, ...seen } = outside.body;
    const { requestId: _c, instance: _d, ...unseen } = unknown.body;
    expect(outside.status).toBe(404);
    expect(seen).toEqual(unseen);
  });

  it('POST /me/notices/{id}/read answers another member’s notice exactly as an unknown id', async () => {
    const outside = await call('POST', `/me/notices/${records.bNotice}/read`, { user: users.member });
    const unknown = await call('POST', `/me/notices/${Buffer.from(`${new Date().toISOString()}#claim-decided#${randomUUID()}#2`).toString('base64url')}/read`, { user: users.member });
    const { requestId: _a, instance: _b, ...seen } = outside.body;
    const { requestId: _c, instance: _d, ...unseen } = unknown.body;
    expect(outside.status).toBe(404);
    expect(seen).toEqual(unseen);
  });
});
