/**
 * Claim rules without a database: filing within the policy's period and the cover left, and the
 * review's state machine (more information ⇄ submitted; approved and rejected are final; approval
 * within the amount claimed, owing the money), through an in-memory ClaimStore and organisations.
 */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import { canMove, type Claim, type ClaimEvent, type ClaimKind, type ClaimStatus, type DocumentView } from '../../shared/claims/claim';
import type { ClaimStore, DocumentUploads, DocumentViews, PolicyWithUsage } from '../../shared/claims/claim-store';
import { CoverExceeded } from '../../shared/claims/errors';
import { coverField } from '../../shared/claims/claim';
import { claimDocumentViews, fileClaim, openClaimDocument, organisationClaims, resubmitClaim, reviewClaim } from '../../shared/claims/claims';
import { MemoryAccessLog } from '../support/fake-access-log';
import { Conflict } from '../../shared/errors';
import type { Organisation } from '../../shared/organisations/organisation';
import type { MoveInFlight, OrganisationReader } from '../../shared/organisations/organisation-store';
import { payoutFor } from '../../shared/payouts/payout';

const NOW = new Date('2026-08-10T04:00:00Z'); // noon in Shanghai

const policy: PolicyWithUsage = {
  policyNo: 'GHP20260101AAAA',
  userId: 'bob',
  organisationId: 'gz-couriers',
  plan: 'gig-worker-accident-medical',
  coverage: { accidentMedicalFen: 1_000_000, accidentalDisabilityOrDeathFen: 10_000_000 },
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  status: 'active',
  issuedAt: '2026-01-01T00:00:00Z',
  usedFen: { accidentMedicalFen: 700_000 },
};

const organisation = (id: string, path: string): Organisation => ({
  id,
  ...(path.split('/').length > 2 ? { parentId: path.split('/').at(-3) } : {}),
  name: id,
  kind: 'industry-federation',
  path,
  status: 'active',
  autoApprove: true,
  memberCount: 0,
  childCount: 0,
  createdAt: '2026-01-01T00:00:00Z',
});

const orgs: OrganisationReader = (() => {
  const all = new Map([organisation('gd', 'gd/'), organisation('gz', 'gd/gz/'), organisation('sz', 'gd/sz/'), organisation('gz-couriers', 'gd/gz/gz-couriers/')].map((o) => [o.id, o]));
  return { get: async (id) => all.get(id), getMany: async (ids) => ids.flatMap((id) => (all.has(id) ? [all.get(id)!] : [])) };
})();

class ClaimChangedFake extends Conflict {
  constructor() {
    super('CLAIM_CHANGED', 'changed');
  }
}

/** The ClaimStore's promises in maps: transitions from the status and version read, cover kept. */
class MemoryClaimStore implements ClaimStore {
  readonly claims = new Map<string, Claim>();
  readonly events = new Map<string, ClaimEvent[]>();
  readonly policies = new Map<string, PolicyWithUsage>();
  readonly approvals: { claimId: string; kind: ClaimKind; amountFen: number; coverFen: number }[] = [];

  async policy(userId: string, policyNo: string) {
    const found = this.policies.get(policyNo);
    return found?.userId === userId ? structuredClone(found) : undefined;
  }
  async get(claimId: string) {
    const claim = this.claims.get(claimId);
    return claim && structuredClone(claim);
  }
  async timeline(claimId: string) {
    return structuredClone(this.events.get(claimId) ?? []);
  }
  async create(claim: Claim, event: ClaimEvent) {
    this.claims.set(claim.claimId, structuredClone(claim));
    this.events.set(claim.claimId, [event]);
  }
  async transition(claim: Claim, changes: Partial<Claim> & { status: ClaimStatus }, event: ClaimEvent, approval?: { kind: ClaimKind; amountFen: number; coverFen: number }) {
    const current = this.claims.get(claim.claimId);
    if (current?.status !== claim.status || current.version !== claim.version) throw new ClaimChangedFake();
    if (approval) {
      const stored = this.policies.get(claim.policyNo)!;
      const field = coverField(approval.kind);
      const used = stored.usedFen?.[field] ?? 0;
      if (used + approval.amountFen > approval.coverFen) throw new CoverExceeded(approval.coverFen - used);
      stored.usedFen = { ...stored.usedFen, [field]: used + approval.amountFen };
      this.approvals.push({ claimId: claim.claimId, ...approval });
    }
    const next: Claim = { ...claim, ...changes, updatedAt: event.at, version: claim.version + 1 };
    this.claims.set(claim.claimId, structuredClone(next));
    this.events.get(claim.claimId)!.push(event);
    return next;
  }
  async setDocuments(claim: Claim, documents: Claim['documents']) {
    this.claims.get(claim.claimId)!.documents = structuredClone(documents);
  }
  async byMember() {
    return { items: [] };
  }
  async underPath(prefix: string, status: ClaimStatus, _page: { limit: number }, excluding: string[] = []) {
    const items = [...this.claims.values()].filter(
      (claim) => claim.status === status && claim.organisationPath.startsWith(prefix) && !excluding.some((out) => claim.organisationPath.startsWith(out)),
    );
    return { items: structuredClone(items) };
  }
  readonly viewLog = new Map<string, DocumentView[]>();
  async recordView(claimId: string, view: DocumentView) {
    this.viewLog.set(claimId, [view, ...(this.viewLog.get(claimId) ?? [])]);
  }
  async views(claimId: string) {
    return { items: structuredClone(this.viewLog.get(claimId) ?? []) };
  }
}

const uploads: DocumentUploads = { uploadUrl: async (key) => ({ url: `https://uploads.example/${key}`, expiresAt: '2026-08-10T04:15:00Z' }) };
const views: DocumentViews = { viewUrl: async (key) => ({ url: `https://views.example/${key}`, expiresAt: '2026-08-10T04:05:00Z' }) };

const bob: Account = {
  userId: 'bob',
  member: { userId: 'bob', name: 'Bob', phoneHash: 'h', phoneMasked: 'm', industry: 'courier', verified: true, registeredAt: '2026-01-01T00:00:00Z' },
  grants: [],
};
const admin = (organisationId: string): Account => ({ userId: `admin-${organisationId}`, grants: [{ role: 'admin', organisationId, grantedAt: '2026-01-01T00:00:00Z', grantedBy: 'operator' }] });

function setup() {
  const claims = new MemoryClaimStore();
  claims.policies.set(policy.policyNo, structuredClone(policy));
  const accessLog = new MemoryAccessLog();
  const deps = { claims, uploads, views, orgs: { ...orgs, movesInFlight: async () => [] as MoveInFlight[] }, accessLog };
  const file = (input: Partial<Parameters<typeof fileClaim>[2]> = {}, caller = bob) =>
    fileClaim(deps, caller, { policyNo: policy.policyNo, kind: 'accident-medical', incidentDate: '2026-08-01', amountFen: 200_000, description: 'Fell off the bike', documents: [], ...input }, NOW);
  return { claims, deps, file, accessLog };
}

describe('filing a claim', () => {
  it('stores it submitted, under the policy’s union, with its first event and an upload URL per document', async () => {
    const { claims, file } = setup();
    const { claim, uploads: urls } = await file({ documents: [{ fileName: 'receipt 1.jpg', contentType: 'image/jpeg', sizeBytes: 1_000 }] });
    expect(claim).toMatchObject({ status: 'submitted', version: 1, userId: 'bob', organisationId: 'gz-couriers', organisationPath: 'gd/gz/gz-couriers/', amountFen: 200_000 });
    expect(urls).toHaveLength(1);
    expect(urls[0]!.key).toMatch(new RegExp(`^claims/${claim.claimId}/[0-9a-f-]{36}-receipt_1\\.jpg$`));
    expect(claim.documents).toMatchObject([{ key: urls[0]!.key, fileName: 'receipt 1.jpg', sizeBytes: 1_000 }]);
    expect(await claims.timeline(claim.claimId)).toEqual([{ at: NOW.toISOString(), by: 'bob', to: 'submitted' }]);
  });

  it('up to the cover left for that kind, not beyond (used cover counts)', async () => {
    const { file } = setup();
    await expect(file({ amountFen: 300_000 })).resolves.toBeDefined(); // 1,000,000 − 700,000 used
    await expect(file({ amountFen: 300_001 })).rejects.toMatchObject({ code: 'COVER_EXCEEDED', details: { remainingFen: 300_000 } });
    // The other kind has its own cover.
    await expect(file({ kind: 'accidental-disability-or-death', amountFen: 5_000_000 })).resolves.toBeDefined();
  });

  it('within the policy period and not in the future (Shanghai days)', async () => {
    const { file } = setup();
    await expect(file({ incidentDate: '2026-08-11' })).rejects.toMatchObject({ code: 'CLAIM_INVALID', details: { errors: [{ field: 'body.incidentDate', message: 'is in the future' }] } });
    await expect(file({ incidentDate: '2025-12-31' })).rejects.toMatchObject({ code: 'CLAIM_INVALID', message: 'is outside the policy period 2026-01-01 to 2026-12-31' });
    await expect(file({ incidentDate: '2026-08-10' })).resolves.toBeDefined(); // today in Shanghai
  });

  it('only on the caller’s own active policy, and only by a member', async () => {
    const { claims, file } = setup();
    await expect(file({}, { userId: 'carol', member: { ...bob.member!, userId: 'carol' }, grants: [] })).rejects.toMatchObject({ code: 'POLICY_NOT_FOUND' });
    await expect(file({}, { userId: 'bob', grants: [] })).rejects.toMatchObject({ code: 'NOT_REGISTERED' });
    expect(claims.claims.size).toBe(0);
  });
});

describe('reviewing a claim', () => {
  it('moves only along the state machine: approved and rejected are final', () => {
    expect(canMove('submitted', 'approved')).toBe(true);
    expect(canMove('submitted', 'more-info-requested')).toBe(true);
    expect(canMove('more-info-requested', 'submitted')).toBe(true);
    expect(canMove('more-info-requested', 'rejected')).toBe(true);
    expect(canMove('more-info-requested', 'approved')).toBe(false);
    for (const to of ['submitted', 'more-info-requested', 'approved', 'rejected'] as const) {
      expect(canMove('approved', to)).toBe(false);
      expect(canMove('rejected', to)).toBe(false);
    }
  });

  it('asks for more, takes the answer, then approves within the amount claimed: cover used and the money owed', async () => {
    const { claims, deps, file } = setup();
    const { claim } = await file({ amountFen: 250_000 });
    const asked = await reviewClaim(deps, admin('gz'), claim.claimId, { decision: 'request-info', reason: 'a clearer receipt' }, NOW);
    expect(asked).toMatchObject({ status: 'more-info-requested', version: 2, decisionReason: 'a clearer receipt' });
    // Approval waits for the member's answer.
    await expect(reviewClaim(deps, admin('gz'), claim.claimId, { decision: 'approve', approvedAmountFen: 100_000 }, NOW)).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    await resubmitClaim(deps, bob, claim.claimId, 'here it is', NOW);
    await expect(reviewClaim(deps, admin('gz'), claim.claimId, { decision: 'approve', approvedAmountFen: 250_001 }, NOW)).rejects.toMatchObject({ code: 'CLAIM_INVALID' });

    const approved = await reviewClaim(deps, admin('gz'), claim.claimId, { decision: 'approve', approvedAmountFen: 240_000, reason: 'ok' }, NOW);
    expect(approved).toMatchObject({ status: 'approved', approvedAmountFen: 240_000, version: 4 });
    expect(approved.payout).toEqual({ status: 'queued', amountFen: 240_000, payoutId: payoutFor({ kind: 'claim', id: claim.claimId }, 'bob', 0, NOW).payoutId });
    expect(claims.approvals).toEqual([{ claimId: claim.claimId, kind: 'accident-medical', amountFen: 240_000, coverFen: 1_000_000 }]);
    expect(claims.policies.get(policy.policyNo)!.usedFen!.accidentMedicalFen).toBe(940_000);
    expect((await claims.timeline(claim.claimId)).map((event) => [event.from, event.to])).toEqual([
      [undefined, 'submitted'],
      ['submitted', 'more-info-requested'],
      ['more-info-requested', 'submitted'],
      ['submitted', 'approved'],
    ]);
    // Final: no second approval, no rejection after it.
    await expect(reviewClaim(deps, admin('gz'), claim.claimId, { decision: 'approve', approvedAmountFen: 1 }, NOW)).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    await expect(reviewClaim(deps, admin('gz'), claim.claimId, { decision: 'reject', reason: 'no' }, NOW)).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('is for admins of the claim’s union subtree only', async () => {
    const { deps, file } = setup();
    const { claim } = await file();
    // Out of scope answers as if the claim did not exist: its id tells nothing.
    await expect(reviewClaim(deps, admin('sz'), claim.claimId, { decision: 'reject', reason: 'x' }, NOW)).rejects.toMatchObject({ code: 'CLAIM_NOT_FOUND' });
    await expect(reviewClaim(deps, bob, claim.claimId, { decision: 'reject', reason: 'x' }, NOW)).rejects.toMatchObject({ code: 'CLAIM_NOT_FOUND' });
    await expect(reviewClaim(deps, admin('gd'), claim.claimId, { decision: 'reject', reason: 'not covered' }, NOW)).resolves.toMatchObject({ status: 'rejected', decisionReason: 'not covered' });
  });

  it('a member resubmits only an own claim that was asked for more', async () => {
    const { deps, file } = setup();
    const { claim } = await file();
    await expect(resubmitClaim(deps, bob, claim.claimId, undefined, NOW)).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    await reviewClaim(deps, admin('gz'), claim.claimId, { decision: 'request-info', reason: 'more' }, NOW);
    await expect(resubmitClaim(deps, { ...bob, userId: 'carol' }, claim.claimId, undefined, NOW)).rejects.toMatchObject({ code: 'CLAIM_NOT_FOUND' });
    await expect(resubmitClaim(deps, bob, claim.claimId, undefined, NOW)).resolves.toMatchObject({ status: 'submitted' });
  });
});

describe('claims of a subtree', () => {
  it('lists a status anywhere under the union, for its admins; 403 outside, 404 unknown', async () => {
    const { deps, file } = setup();
    const { claim } = await file();
    await expect(organisationClaims(deps, admin('gd'), 'gd', 'submitted', { limit: 10 })).resolves.toMatchObject({ items: [{ claimId: claim.claimId }] });
    await expect(organisationClaims(deps, admin('gz'), 'gz', undefined, { limit: 10 })).resolves.toMatchObject({ items: [{ claimId: claim.claimId }] });
    await expect(organisationClaims(deps, admin('gd'), 'gd', 'approved', { limit: 10 })).resolves.toEqual({ items: [] });
    await expect(organisationClaims(deps, admin('sz'), 'gz', 'submitted', { limit: 10 })).rejects.toMatchObject({ code: 'NOT_IN_SCOPE' });
    await expect(organisationClaims(deps, admin('gd'), 'nowhere', 'submitted', { limit: 10 })).rejects.toMatchObject({ code: 'ORGANISATION_NOT_FOUND' });
  });

  it('reads the old path first while a move is still re-pathing claims, and leaves out what moved away', async () => {
    const { claims, deps, file } = setup();
    const { claim } = await file();
    // gz-couriers moved under sz; its claim still carries the old path.
    const moving = { organisationId: 'gz-couriers', oldPath: 'gd/gz/gz-couriers/', newPath: 'gd/sz/gz-couriers/' };
    const tree: typeof deps.orgs = {
      get: async (id) => (id === 'gz-couriers' ? organisation('gz-couriers', 'gd/sz/gz-couriers/') : orgs.get(id)),
      getMany: async (ids) => Promise.all(ids.map((id) => tree.get(id))).then((found) => found.filter((o): o is Organisation => Boolean(o))),
      movesInFlight: async () => [moving],
    };
    const under = (id: string, caller = admin(id)) => organisationClaims({ claims, orgs: tree }, caller, id, 'submitted', { limit: 10 }).then((page) => page.items.map((c) => c.claimId));
    expect(await under('sz')).toEqual([claim.claimId]);
    expect(await under('gz')).toEqual([]);
    expect(await under('gz-couriers', admin('sz'))).toEqual([claim.claimId]);
  });
});

describe('opening a claim document', () => {
  it('gives the member and the admins in scope a view URL, logging each opening; others are told the claim does not exist', async () => {
    const { claims, deps, file } = setup();
    const { claim, uploads: urls } = await file({ documents: [{ fileName: 'x-ray.pdf', contentType: 'application/pdf', sizeBytes: 10 }] });
    const documentId = urls[0]!.documentId;
    const opened = await openClaimDocument(deps, admin('gz'), claim.claimId, documentId, NOW);
    expect(opened).toMatchObject({ documentId, fileName: 'x-ray.pdf', viewUrl: `https://views.example/${urls[0]!.key}` });
    await openClaimDocument(deps, bob, claim.claimId, documentId, new Date(NOW.getTime() + 1000));
    await expect(openClaimDocument(deps, admin('sz'), claim.claimId, documentId, NOW)).rejects.toMatchObject({ code: 'CLAIM_NOT_FOUND' });
    await expect(openClaimDocument(deps, { ...bob, userId: 'carol' }, claim.claimId, documentId, NOW)).rejects.toMatchObject({ code: 'CLAIM_NOT_FOUND' });
    await expect(openClaimDocument(deps, bob, claim.claimId, '00000000-0000-4000-8000-000000000000', NOW)).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    expect(claims.viewLog.get(claim.claimId)!.map((view) => [view.by, view.as, view.documentId])).toEqual([
      ['bob', 'member', documentId],
      ['admin-gz', 'admin', documentId],
    ]);
    await expect(claimDocumentViews(deps, bob, claim.claimId, { limit: 10 })).resolves.toMatchObject({ items: [{ by: 'bob' }, { by: 'admin-gz' }] });
    await expect(claimDocumentViews(deps, admin('sz'), claim.claimId, { limit: 10 })).rejects.toMatchObject({ code: 'CLAIM_NOT_FOUND' });
  });

  it("writes an admin's opening to the member's own access log (her own opening, no), and hands out no URL when that fails", async () => {
    const { deps, file, accessLog } = setup();
    const { claim, uploads: urls } = await file({ documents: [{ fileName: 'x-ray.pdf', contentType: 'application/pdf', sizeBytes: 10 }] });
    const documentId = urls[0]!.documentId;
    await openClaimDocument(deps, bob, claim.claimId, documentId, NOW);
    await openClaimDocument(deps, admin('gz'), claim.claimId, documentId, NOW);
    expect(accessLog.written).toEqual([
      expect.objectContaining({ userId: 'bob', by: 'admin-gz', as: 'admin', byUnions: ['gz'], route: 'GET /claims/{claimId}/documents/{documentId}', what: `claim ${claim.claimId}, document ${documentId}` }),
    ]);
    accessLog.failing = true;
    await expect(openClaimDocument(deps, admin('gz'), claim.claimId, documentId, NOW)).rejects.toThrow('access log unavailable');
  });
});
