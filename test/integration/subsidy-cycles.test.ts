/**
 * The daily cycle job against DynamoDB Local: after the window closes it draws (all selected when
 * under quota), after the notice period results become payable, and running it again changes
 * nothing; a cycle with undecided applications waits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import type { Organisation } from '../../shared/organisations/organisation';
import { DynamoOrganisationStore } from '../../shared/organisations/organisation-store-dynamodb';
import type { Programme } from '../../shared/subsidies/programme';
import { applyForSubsidy, reviewApplication, runSubsidyCycles } from '../../shared/subsidies/subsidies';
import { DynamoSubsidyStore } from '../../shared/subsidies/subsidy-store-dynamodb';
import { freshTables, localDynamo } from '../support/local-aws';
import { payoutFor } from '../../shared/payouts/payout';
import { DynamoPayoutStore } from '../../shared/payouts/payout-store-dynamodb';

const { client, documents } = localDynamo();
let deps: { subsidies: DynamoSubsidyStore; orgs: DynamoOrganisationStore };
let payouts: DynamoPayoutStore;
const operator: Account = { userId: 'op', grants: [{ role: 'operator', grantedAt: '', grantedBy: '' }] };
const member = (n: number): Account => ({
  userId: `chair-${n}`,
  grants: [],
  member: {
    userId: `chair-${n}`,
    name: 'Chair',
    phoneHash: 'h',
    phoneMasked: 'm',
    industry: 'other',
    verified: true,
    registeredAt: '2026-01-01T00:00:00Z',
    membership: { organisationId: 'u1', orgPath: 'gd/u1/', since: '2026-01-01T00:00:00Z' },
  },
});

const programme: Programme = {
  programmeId: 'chairs',
  name: 'Chairs',
  cycle: 'quarterly',
  window: { days: 20 },
  eligibility: { verified: true, minMembershipMonths: 0, levelRequired: false, unionKinds: ['grassroots'] },
  amount: { kind: 'fixed', fen: 100_000 },
  quotaPerCycle: 10,
  noticeDays: 5,
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
};

beforeAll(async () => {
  const nameOf = await freshTables(client);
  payouts = new DynamoPayoutStore(documents, nameOf('payouts'));
  deps = {
    subsidies: new DynamoSubsidyStore(documents, nameOf('subsidies'), nameOf('payouts')),
    orgs: new DynamoOrganisationStore(documents, nameOf('organisations')),
  };
  const base = { status: 'active', autoApprove: true, memberCount: 0, childCount: 0, createdAt: '2026-01-01T00:00:00Z' } as const;
  await deps.orgs.createRoot({ ...base, id: 'gd', name: 'GD', kind: 'province', path: 'gd/' });
  await deps.orgs.create({ ...base, id: 'u1', name: 'U1', kind: 'grassroots', parentId: 'gd', path: 'gd/u1/' } as Organisation);
  await deps.subsidies.putProgramme(programme);
});

describe('the quarterly cycle', () => {
  it('waits for undecided applications, then draws, then makes results payable, once', async () => {
    const inWindow = new Date('2026-10-05T02:00:00Z');
    const applications = [];
    for (const n of [1, 2, 3]) applications.push((await applyForSubsidy(deps, member(n), 'chairs', {}, inWindow)).application);
    await reviewApplication(deps, operator, applications[0]!.applicationId, { approve: true }, inWindow);
    await reviewApplication(deps, operator, applications[1]!.applicationId, { approve: false, reason: 'not a chair' }, inWindow);

    const afterClose = new Date('2026-10-21T16:10:00Z'); // 22 October 00:10 in Shanghai
    expect((await runSubsidyCycles(deps, afterClose)).waitingForReview).toEqual(['chairs/2026-Q4']);
    await reviewApplication(deps, operator, applications[2]!.applicationId, { approve: true }, afterClose);

    expect(await runSubsidyCycles(deps, afterClose)).toMatchObject({ drawn: ['chairs/2026-Q4'], payable: 0 });
    expect((await deps.subsidies.application(applications[0]!.applicationId))?.status).toBe('in-notice');
    expect(await runSubsidyCycles(deps, afterClose)).toMatchObject({ drawn: [], payable: 0 });

    const afterNotice = new Date(afterClose.getTime() + 6 * 86400_000);
    expect((await runSubsidyCycles(deps, afterNotice)).payable).toBe(2);
    expect((await runSubsidyCycles(deps, afterNotice)).payable).toBe(0);
    const statuses = await Promise.all(applications.map(async (a) => (await deps.subsidies.application(a.applicationId))?.status));
    expect(statuses).toEqual(['payable', 'rejected', 'payable']);
    // Payable and owed together: each payable subsidy has exactly its payout item, queued.
    const owed = await Promise.all(applications.map((a) => payouts.item(payoutFor({ kind: 'subsidy', id: a.applicationId }, '', 0, afterNotice).payoutId)));
    expect(owed.map((item) => item?.status)).toEqual(['queued', undefined, 'queued']);
    expect(owed[0]?.amountFen).toBe(100_000);
  });
});
