/**
 * Authority follows the tree through a move. A federation holding records of every kind —
 * subsidy applications (pending, on objection), insurance claims, campaigns, join requests,
 * members — moves from one city to another. For each kind and each route that reads or decides
 * it, the old city's admin is refused and the new city's admin allowed: before the move the other
 * way round, and then at every step of it — the moved root re-parented with nothing below it
 * re-pathed yet, its descendants re-pathed but not its members, and once the background half has
 * finished. The move runs through the domain against the runtime's tables with the queue held
 * (the background half is run by the test, step by step), as the subtreeMoves worker would run it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../../local/demo';
import type { Account } from '../../shared/accounts/account';
import { DynamoClaimStore } from '../../shared/claims/claim-store-dynamodb';
import { DynamoMembershipStore } from '../../shared/members/membership-store-dynamodb';
import { moveOrganisation, type SubtreeMove } from '../../shared/organisations/organisation-move';
import { DynamoOrganisationStore } from '../../shared/organisations/organisation-store-dynamodb';
import { rePathSubtree } from '../../shared/organisations/subtree-repath';
import { DynamoSubsidyStore } from '../../shared/subsidies/subsidy-store-dynamodb';
import { call } from '../support/api';
import { localDynamo } from '../support/local-aws';
import { campaignBody, gigWorker, granted, memberOf, objectedApplication, openCampaign, organisation, pendingApplication, short, signedUp, submittedClaim, today } from '../support/scenario';

const { documents } = localDynamo();
const orgs = new DynamoOrganisationStore(documents, 'organisations');
const memberships = new DynamoMembershipStore(documents, { accounts: 'accounts', organisations: 'organisations' });
const claimStore = new DynamoClaimStore(documents, { claims: 'claims', accounts: 'accounts' });
const subsidyStore = new DynamoSubsidyStore(documents, 'subsidies');
const system: Account = { userId: 'test-operator', grants: [{ role: 'operator', grantedAt: '', grantedBy: 'test' }] };

const PHASES = ['before', 'root re-parented', 'descendants re-pathed', 'after'] as const;
type Phase = (typeof PHASES)[number];

let operator: string;
let oldAdmin: string; // admin of the city the federation leaves
let newAdmin: string; // admin of the city it joins
const ids = {} as Record<'oldCity' | 'newCity' | 'county' | 'federation' | 'reviewed' | 'open', string>;
let member: string; // of a union inside the federation, verified
let worker: Awaited<ReturnType<typeof gigWorker>>; // of the federation itself, with a policy
let probe: string; // an application only read
const perPhase = { review: [] as string[], reviewProgrammes: [] as string[], bulk: [] as string[], objected: [] as string[], claims: [] as string[], requests: [] as string[], campaigns: [] as string[] };
let figures: string; // a campaign of the federation, for its day figures
let oldCityCampaign: string;
let newCityCampaign: string;
let move: SubtreeMove;

beforeAll(async () => {
  operator = await granted('operator', { role: 'operator' });
  const city = async (name: string) => {
    const created = await call('POST', '/organisations', { user: operator, body: { parentId: 'gd', name: `${name} ${short()}`, kind: 'city', federationsOnDemand: true } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  ids.oldCity = await city('Foshan');
  ids.newCity = await city('Dongguan');
  ids.county = (await organisation(operator, ids.newCity, 'county')).id;
  oldAdmin = await granted('old-city-admin', { role: 'admin', organisationId: ids.oldCity });
  newAdmin = await granted('new-city-admin', { role: 'admin', organisationId: ids.newCity });

  // The federation (made on demand by a gig worker's joining) and two unions under it.
  worker = await gigWorker(ids.oldCity, 'courier');
  ids.federation = worker.federationId;
  ids.reviewed = (await organisation(operator, ids.federation)).id;
  ids.open = (await organisation(operator, ids.federation, 'grassroots', { autoApprove: true })).id;
  member = await memberOf(ids.open);

  // Records of every kind, made before the move (so each keeps the old path of its union).
  probe = (await pendingApplication(operator, member)).applicationId;
  for (let i = 0; i < PHASES.length; i++) {
    const pending = await pendingApplication(operator, member);
    perPhase.review.push(pending.applicationId);
    perPhase.reviewProgrammes.push(pending.programmeId);
    perPhase.bulk.push((await pendingApplication(operator, member)).applicationId);
    perPhase.objected.push(await objectedApplication(operator, member, worker.user));
    perPhase.claims.push(await submittedClaim(worker));
    const requester = await signedUp();
    expect((await call('POST', '/me/membership', { user: requester, body: { organisationId: ids.reviewed } })).status).toBe(201);
    perPhase.requests.push(subjectOf(requester));
    perPhase.campaigns.push(await openCampaign(operator, ids.federation));
  }
  figures = perPhase.campaigns[0]!;
  oldCityCampaign = await openCampaign(operator, ids.oldCity);
  newCityCampaign = await openCampaign(operator, ids.newCity);
}, 600_000);

/** Every route that reads or decides a record of the moving subtree: the allowed admin gets through, the refused one does not. */
async function checkAuthority(phase: Phase, allowed: string, refused: string) {
  const i = PHASES.indexOf(phase);
  const wrong: string[] = [];
  const expectAnswer = async (what: string, method: string, path: string, user: string, want: number, code?: string, body?: unknown) => {
    const response = await call(method, path, { user, body });
    if (response.status !== want || (code && response.body.code !== code)) {
      wrong.push(`${phase}: ${what} by ${user === allowed ? 'the allowed' : 'the refused'} admin: wanted ${want} ${code ?? ''}, got ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    }
    return response;
  };
  const both = async (what: string, method: string, path: string, ok: number, refusal: [number, string], body?: unknown) => {
    await expectAnswer(what, method, path, refused, refusal[0], refusal[1], body);
    return expectAnswer(what, method, path, allowed, ok, undefined, body);
  };
  const asUnknown = (code: string): [number, string] => [404, code];
  const notInScope: [number, string] = [403, 'NOT_IN_SCOPE'];

  // Subsidy applications: the work list, read, review, bulk review, objection decision.
  const workList = await both(
    "list the federation's applications to review",
    'GET',
    `/organisations/${ids.federation}/applications?programmeId=${perPhase.reviewProgrammes[i]}&status=pending-review`,
    200,
    notInScope,
  );
  if (workList.status === 200 && !workList.body.items.some((a: { applicationId: string }) => a.applicationId === perPhase.review[i])) {
    wrong.push(`${phase}: the review work list misses an application`);
  }
  await both('read an application', 'GET', `/applications/${probe}`, 200, asUnknown('APPLICATION_NOT_FOUND'));
  await both('review an application', 'POST', `/applications/${perPhase.review[i]}/review`, 200, asUnknown('APPLICATION_NOT_FOUND'), { decision: 'approve' });
  const bulkBody = { decisions: [{ applicationId: perPhase.bulk[i], decision: 'approve' }] };
  const refusedBulk = await call('POST', '/applications/reviews', { user: refused, body: bulkBody });
  if (refusedBulk.body.results?.[0]?.error !== 'APPLICATION_NOT_FOUND') wrong.push(`${phase}: bulk review by the refused admin: ${JSON.stringify(refusedBulk.body)}`);
  const allowedBulk = await call('POST', '/applications/reviews', { user: allowed, body: bulkBody });
  if (allowedBulk.body.results?.[0]?.status !== 'approved') wrong.push(`${phase}: bulk review by the allowed admin: ${JSON.stringify(allowedBulk.body)}`);
  await both('decide an objection', 'POST', `/applications/${perPhase.objected[i]}/objection-decision`, 200, asUnknown('APPLICATION_NOT_FOUND'), { decision: 'dismiss', reason: 'Unfounded.' });

  // Insurance claims: review, and the federation's queue.
  await both('review a claim', 'POST', `/claims/${perPhase.claims[i]}/review`, 200, asUnknown('CLAIM_NOT_FOUND'), { decision: 'request-info', reason: 'The receipt, please.' });
  const queue = await both("list the federation's claims", 'GET', `/organisations/${ids.federation}/claims`, 200, notInScope);
  if (queue.status === 200 && !queue.body.items.some((c: { claimId: string }) => c.claimId === perPhase.claims[0])) wrong.push(`${phase}: the claims queue misses a claim`);

  // Campaigns: a day's figures, and a new campaign for the federation's members.
  await both("read a campaign's day figures", 'GET', `/campaigns/${figures}/days/${today}`, 200, asUnknown('CAMPAIGN_NOT_FOUND'));
  await both('create a campaign for the federation', 'POST', '/campaigns', 201, notInScope, campaignBody(ids.federation));

  // Join requests: the queue and a decision.
  const requests = await both('list join requests', 'GET', `/organisations/${ids.reviewed}/join-requests`, 200, notInScope);
  if (requests.status === 200 && !requests.body.items.some((r: { userId: string }) => r.userId === perPhase.requests[i])) wrong.push(`${phase}: the request queue misses a request`);
  await both('decide a join request', 'POST', `/organisations/${ids.reviewed}/join-requests/${perPhase.requests[i]}`, 200, notInScope, { decision: 'approve' });

  // Members: the federation's, whatever part of them has followed the move yet.
  const listed = await both("list the federation's members", 'GET', `/organisations/${ids.federation}/members?limit=100`, 200, notInScope);
  const everyone = [subjectOf(member), subjectOf(worker.user)];
  if (listed.status === 200) {
    const seen = listed.body.items.map((m: { userId: string }) => m.userId);
    for (const userId of everyone) if (!seen.includes(userId)) wrong.push(`${phase}: the federation's member list misses ${userId}`);
  }
  // The unions themselves.
  await both('rename a union', 'PATCH', `/organisations/${ids.reviewed}`, 200, notInScope, { name: `Renamed ${short()}` });

  // Members of the whole cities: the moving ones belong to the city the federation is in now.
  const membersOf = async (cityId: string, admin: string) => {
    const listed = await call('GET', `/organisations/${cityId}/members?limit=100`, { user: admin });
    if (listed.status !== 200) wrong.push(`${phase}: listing the members of ${cityId}: ${listed.status} ${JSON.stringify(listed.body)}`);
    return (listed.body.items ?? []).map((m: { userId: string }) => m.userId) as string[];
  };
  const [inOld, inNew] = [await membersOf(ids.oldCity, oldAdmin), await membersOf(ids.newCity, newAdmin)];
  const moved = phase !== 'before';
  for (const userId of everyone) {
    if (inOld.includes(userId) === moved) wrong.push(`${phase}: ${userId} ${moved ? 'still listed in' : 'missing from'} the old city`);
    if (inNew.includes(userId) !== moved) wrong.push(`${phase}: ${userId} ${moved ? 'missing from' : 'listed in'} the new city`);
  }
  // The federation's campaigns stay open to its members wherever it goes.
  const claimed = await call('POST', `/campaigns/${perPhase.campaigns[i]}/claims`, { user: member });
  if (claimed.status !== 201) wrong.push(`${phase}: the federation's member cannot claim its campaign: ${claimed.status} ${JSON.stringify(claimed.body)}`);
  return wrong;
}

describe('authority through a move', () => {
  it('follows the tree before, during and after the move of a subtree holding records of every kind', async () => {
    const wrong: string[] = [];
    wrong.push(...(await checkAuthority('before', oldAdmin, newAdmin)));

    // The request half of the move, with the queue held: the root is re-parented, nothing else.
    const queued: SubtreeMove[] = [];
    await moveOrganisation({ orgs, queueMove: async (m) => void queued.push(m) }, system, ids.federation, ids.county);
    [move] = queued as [SubtreeMove];
    expect(move).toMatchObject({ organisationId: ids.federation, oldPath: `gd/${ids.oldCity}/${ids.federation}/` });
    expect((await orgs.get(ids.reviewed))!.path).toBe(`gd/${ids.oldCity}/${ids.federation}/${ids.reviewed}/`); // not yet followed
    expect((await orgs.movesInFlight()).map((m) => m.organisationId)).toContain(ids.federation);
    wrong.push(...(await checkAuthority('root re-parented', newAdmin, oldAdmin)));

    // The background half, step by step: first the organisations below the root, not the members.
    await orgs.rePathDescendants(move.organisationId, move.oldPath, move.newPath, Date.now() + 60_000);
    expect((await orgs.get(ids.reviewed))!.path).toBe(`${move.newPath}${ids.reviewed}/`);
    wrong.push(...(await checkAuthority('descendants re-pathed', newAdmin, oldAdmin)));

    // Then the members, and the move is finished.
    const result = await rePathSubtree(
      { orgs, members: memberships, claims: claimStore, applications: subsidyStore, continueLater: async () => undefined },
      move,
      Date.now() + 60_000,
    );
    expect(result.done).toBe(true);
    expect((await orgs.get(ids.federation))!.movingFrom).toBeUndefined();
    expect((await orgs.movesInFlight()).map((m) => m.organisationId)).not.toContain(ids.federation);
    wrong.push(...(await checkAuthority('after', newAdmin, oldAdmin)));
    expect(wrong).toEqual([]);

    // Once the members have followed, campaigns of the whole cities see them where they are now.
    const newCityClaim = await call('POST', `/campaigns/${newCityCampaign}/claims`, { user: member });
    expect(newCityClaim.status).toBe(201);
    const oldCityClaim = await call('POST', `/campaigns/${oldCityCampaign}/claims`, { user: member });
    expect([oldCityClaim.status, oldCityClaim.body.code]).toEqual([403, 'NOT_ELIGIBLE']);
  }, 600_000);
});
