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
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CycleClosed, LotteryState } from '../../shared/subsidies/errors';
import { applyForSubsidy, closeCycleEarly, commitLottery, reviewApplication, runSubsidyCycles } from '../../shared/subsidies/subsidies';
import { DynamoSubsidyStore } from '../../shared/subsidies/subsidy-store-dynamodb';
import { freshTables, localDynamo } from '../support/local-aws';
import { payoutFor } from '../../shared/payouts/payout';
import { DynamoPayoutStore } from '../../shared/payouts/payout-store-dynamodb';
import { FakeBeacon } from '../support/fake-beacon';
import { memberAccount } from '../support/fixtures';
import { reportProgrammes } from '../../shared/subsidies/programme';

const { client, documents } = localDynamo();
let deps: { subsidies: DynamoSubsidyStore; orgs: DynamoOrganisationStore; beacon: FakeBeacon };
let payouts: DynamoPayoutStore;
let subsidiesTable: string;
const operator: Account = { userId: 'op', grants: [{ role: 'operator', grantedAt: '', grantedBy: '' }] };
const member = (n: number): Account => memberAccount(`chair-${n}`, 'gd/u1/', { name: 'Chair' });

// The report's grassroots chairs' subsidy (quarterly, a 20-day window, five days' notice), for ten.
const programme: Programme = { ...reportProgrammes('2026-01-01T00:00:00Z')[1]!, programmeId: 'chairs', name: 'Chairs', quotaPerCycle: 10 };

beforeAll(async () => {
  const nameOf = await freshTables(client);
  payouts = new DynamoPayoutStore(documents, nameOf('payouts'));
  subsidiesTable = nameOf('subsidies');
  deps = {
    subsidies: new DynamoSubsidyStore(documents, nameOf('subsidies'), nameOf('payouts'), nameOf('inbox')),
    orgs: new DynamoOrganisationStore(documents, nameOf('organisations')),
    beacon: new FakeBeacon(new Date('2026-10-21T16:10:00Z')),
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
    // The job recorded that the calendar closed the cycle: no application enters it from now on.
    expect(await deps.subsidies.cycleClosure('chairs', '2026-Q4')).toMatchObject({ closedBy: 'system', early: false, reason: 'the application window ended on 2026-10-20' });
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

describe('a cycle that must be drawn', () => {
  it('commits on the first run and draws on the next, once the beacon round named at the commit is out', async () => {
    const tight = { ...programme, programmeId: 'tight', quotaPerCycle: 1 };
    await deps.subsidies.putProgramme(tight);
    const inWindow = new Date('2026-10-05T02:00:00Z');
    const ids: string[] = [];
    for (const n of [21, 22, 23]) {
      const { application } = await applyForSubsidy(deps, member(n), 'tight', {}, inWindow);
      ids.push((await reviewApplication(deps, operator, application.applicationId, { approve: true }, inWindow)).applicationId);
    }
    const afterClose = new Date('2026-10-21T16:10:00Z');
    deps.beacon.now = afterClose;
    const first = await runSubsidyCycles(deps, afterClose);
    expect(first.committed).toContain('tight/2026-Q4');
    expect(first.waitingForBeacon).toContain('tight/2026-Q4');
    const lottery = await deps.subsidies.lottery('tight', '2026-Q4');
    expect(new Date(lottery!.beacon!.roundAt).getTime()).toBeGreaterThan(afterClose.getTime());
    expect(lottery!.secret).toBeUndefined();
    const secondRun = new Date(afterClose.getTime() + 10 * 60_000);
    deps.beacon.now = secondRun;
    const second = await runSubsidyCycles(deps, secondRun);
    expect(second.drawn).toContain('tight/2026-Q4');
    const statuses = await Promise.all(ids.map(async (id) => (await deps.subsidies.application(id))?.status));
    expect(statuses.filter((status) => status === 'in-notice')).toHaveLength(1);
    expect((await deps.subsidies.lottery('tight', '2026-Q4'))!.beacon).toMatchObject({ round: lottery!.beacon!.round, randomness: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('what storage itself guarantees', () => {
  it('keeps the first published list whatever commits after it, and refuses a selection beyond the quota', async () => {
    const inWindow = new Date('2027-01-05T02:00:00Z');
    const applications = [];
    for (const n of [11, 12, 13]) {
      const { application } = await applyForSubsidy(deps, member(n), 'chairs', {}, inWindow);
      applications.push(await reviewApplication(deps, operator, application.applicationId, { approve: true }, inWindow));
    }
    // Committing while the window is open is refused; an operator closes the cycle early, once.
    await expect(commitLottery(deps, operator, 'chairs', '2027-Q1', inWindow)).rejects.toBeInstanceOf(LotteryState);
    expect(await closeCycleEarly(deps, operator, 'chairs', '2027-Q1', 'quota reached early', inWindow)).toMatchObject({ closedBy: 'op', early: true });
    await expect(closeCycleEarly(deps, operator, 'chairs', '2027-Q1', 'once more', inWindow)).rejects.toThrow(/closed already/);
    // An application racing the closure is refused by the closure check in its own transaction.
    await expect(deps.subsidies.createApplication({ ...applications[0]!, applicationId: crypto.randomUUID(), userId: 'racer', status: 'pending-review', version: 1 }, { at: '', by: 'system', to: 'pending-review' })).rejects.toBeInstanceOf(CycleClosed);

    const ids = applications.map((a) => a.applicationId).sort();
    const first = { programmeId: 'chairs', cycle: '2027-Q1', quota: 2, eligible: ids, commitment: 'c'.repeat(64), committedAt: inWindow.toISOString(), secret: 's1' };
    await deps.subsidies.commitLottery(first);
    // A second commit with another list (a re-run that saw one more application): refused, nothing stored changes.
    await expect(deps.subsidies.commitLottery({ ...first, eligible: [...ids, 'zzz'], commitment: 'd'.repeat(64), secret: 's2' })).rejects.toBeInstanceOf(LotteryState);
    expect(await deps.subsidies.lottery('chairs', '2027-Q1', { withSeed: true })).toMatchObject({ eligible: ids, commitment: first.commitment, secret: 's1' });
    const stored = await documents.send(new QueryCommand({ TableName: subsidiesTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'LOTTERY#chairs#2027-Q1' } }));
    expect(stored.Items!.map((item) => item.sk).sort()).toEqual([`ELIGIBLE#${first.commitment}#0000`, 'LOTTERY']);

    // Three selections against a quota of two: storage takes two.
    const event = { at: inWindow.toISOString(), by: 'lottery', from: 'approved', to: 'in-notice' } as const;
    await deps.subsidies.select(applications[0]!, event, {}, 2);
    await deps.subsidies.select(applications[1]!, event, {}, 2);
    await expect(deps.subsidies.select(applications[2]!, event, {}, 2)).rejects.toBeInstanceOf(LotteryState);
    expect((await deps.subsidies.application(applications[2]!.applicationId))?.status).toBe('approved');
    expect((await deps.subsidies.lottery('chairs', '2027-Q1'))?.selected).toBe(2);
  });
});
