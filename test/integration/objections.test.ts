/**
 * Objections against DynamoDB Local: one per member and application, whatever became of the
 * first, even when two arrive from the same read; a dismissal stands; the objector is kept for
 * the admins and never shown to the applicant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import type { Application } from '../../shared/subsidies/application';
import { applicationFor } from '../../shared/subsidies/application-view';
import { raiseObjection, resolveObjection } from '../../shared/subsidies/subsidies';
import { DynamoSubsidyStore } from '../../shared/subsidies/subsidy-store-dynamodb';
import { DynamoOrganisationStore } from '../../shared/organisations/organisation-store-dynamodb';
import { freshTables, localDynamo } from '../support/local-aws';

const { client, documents } = localDynamo();
let subsidies: DynamoSubsidyStore;
let orgs: DynamoOrganisationStore;
const operator: Account = { userId: 'op', grants: [{ role: 'operator', grantedAt: '', grantedBy: '' }] };
const memberAccount = (userId: string): Account => ({ userId, grants: [] });
const at = new Date('2026-07-01T02:00:00Z');

async function onNotice(id: string): Promise<Application> {
  const application: Application = {
    applicationId: id,
    programmeId: 'p',
    cycle: '2026',
    userId: 'applicant',
    applicantName: 'Applicant',
    organisationId: 'u1',
    organisationPath: 'gd/u1/',
    details: {},
    amountFen: 1000,
    status: 'in-notice',
    noticeEndsAt: '2026-07-08T00:00:00Z',
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    version: 3,
  };
  await subsidies.createApplication({ ...application, userId: `applicant-${id}` }, { at: at.toISOString(), by: 'system', to: 'in-notice' });
  return (await subsidies.application(id))!;
}

beforeAll(async () => {
  const nameOf = await freshTables(client);
  subsidies = new DynamoSubsidyStore(documents, nameOf('subsidies'), undefined, nameOf('inbox'));
  orgs = new DynamoOrganisationStore(documents, nameOf('organisations'));
});

describe('objections', () => {
  it('takes one objection per member and application, even twice from the same read', async () => {
    const application = await onNotice('a1');
    const objection = { by: 'objector', reason: 'Not a member last year.', at: at.toISOString() };
    const event = { at: objection.at, by: 'objector', from: 'in-notice' as const, to: 'objected' as const };
    expect((await subsidies.object(application, objection, event)).status).toBe('objected');
    await expect(subsidies.object(application, objection, event)).rejects.toMatchObject({ code: 'ALREADY_OBJECTED' });
    // The same member again, from a fresh read of an application back on notice: still once.
    const objected = (await subsidies.application('a1'))!;
    const back = await subsidies.transition(objected, 'in-notice', { at: objection.at, by: 'op', from: 'objected', to: 'in-notice' });
    await expect(subsidies.object(back, objection, event)).rejects.toMatchObject({ code: 'ALREADY_OBJECTED' });
  });

  it('lets a dismissal stand, and shows who objected to the admins only', async () => {
    await onNotice('a2');
    const receipt = await raiseObjection({ subsidies }, memberAccount('objector'), 'a2', 'Not a member last year.', at);
    expect(receipt).toEqual({ applicationId: 'a2', reason: 'Not a member last year.', at: at.toISOString() });
    const dismissed = await resolveObjection({ subsidies, orgs }, operator, 'a2', { decision: 'dismiss', reason: 'She was.' }, at);
    expect(dismissed).toMatchObject({ status: 'in-notice', objectionDismissedAt: at.toISOString() });
    await expect(raiseObjection({ subsidies }, memberAccount('someone-else'), 'a2', 'Objecting once more to hold it.', at)).rejects.toMatchObject({ code: 'OBJECTION_CLOSED' });
    // Even from a read made before the dismissal, the store refuses.
    const stale = { ...dismissed, objectionDismissedAt: undefined, version: dismissed.version };
    await expect(
      subsidies.object(stale, { by: 'late', reason: 'Late.', at: at.toISOString() }, { at: at.toISOString(), by: 'late', from: 'in-notice', to: 'objected' }),
    ).rejects.toMatchObject({ code: 'APPLICATION_CHANGED' });

    const stored = { ...(await subsidies.application('a2'))!, timeline: await subsidies.timeline('a2') };
    expect(stored.objection?.by).toBe('objector');
    const seenByApplicant = applicationFor(stored, 'applicant');
    expect(JSON.stringify(seenByApplicant)).not.toContain('objector');
    expect(seenByApplicant.objection).toEqual({ reason: 'Not a member last year.', at: at.toISOString() });
    expect(applicationFor(stored, 'admin').timeline?.find((e) => e.to === 'objected')?.by).toBe('objector');
  });
});
