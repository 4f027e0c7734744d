/**
 * All-or-nothing writes against DynamoDB Local: a gig-worker join leaves member, federation
 * membership and policy all present or none; a closed union takes no member.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountStore } from '../../shared/accounts/account-store-dynamodb';
import { registerMember } from '../../shared/accounts/member-register';
import { joinAsGigWorker } from '../../shared/gig-workers/gig-worker-join';
import { issuePolicy } from '../../shared/gig-workers/protection-policy';
import { DynamoPolicyStore } from '../../shared/gig-workers/policy-store-dynamodb';
import { MembershipChanged } from '../../shared/members/errors';
import { DynamoMembershipStore } from '../../shared/members/membership-store-dynamodb';
import { OrganisationClosed } from '../../shared/organisations/errors';
import type { Organisation } from '../../shared/organisations/organisation';
import { DynamoOrganisationStore } from '../../shared/organisations/organisation-store-dynamodb';
import { hmacPii, type HashPii } from '../../shared/privacy/pii';
import { freshTables, localDynamo } from '../support/local-aws';

const { client, documents } = localDynamo();
const hashPii: HashPii = async (kind, value) => hmacPii('k', kind, value);
let accounts: DynamoAccountStore;
let orgs: DynamoOrganisationStore;
let members: DynamoMembershipStore;
let policies: DynamoPolicyStore;
let names: { accounts: string; organisations: string };

const base = { status: 'active', autoApprove: true, memberCount: 0, childCount: 0, createdAt: '2026-11-23T00:00:00Z' } as const;

beforeAll(async () => {
  const nameOf = await freshTables(client);
  names = { accounts: nameOf('accounts'), organisations: nameOf('organisations') };
  accounts = new DynamoAccountStore(documents, names.accounts);
  orgs = new DynamoOrganisationStore(documents, names.organisations);
  members = new DynamoMembershipStore(documents, names);
  policies = new DynamoPolicyStore(documents, names.accounts);
  await orgs.createRoot({ ...base, id: 'gd', name: 'Guangdong', kind: 'province', path: 'gd/' });
  await orgs.create({ ...base, id: 'gz', name: 'Guangzhou', kind: 'city', parentId: 'gd', path: 'gd/gz/', federationsOnDemand: true });
});

let phones = 0;
async function signUp(userId: string) {
  // A number of its own each: one number, one account.
  await registerMember({ accounts, hashPii }, userId, { name: 'Gig Worker', phone: `1381111${String(2222 + phones++).padStart(4, '0')}`, industry: 'courier' });
  return accounts.load(userId);
}

describe('gig-worker joining is all or nothing', () => {
  it('writes membership, count and policy together', async () => {
    const caller = await signUp('w1');
    const { organisation, policy } = await joinAsGigWorker({ orgs, members }, caller, { cityId: 'gz', industry: 'courier' });
    const account = await accounts.load('w1');
    expect(account.member?.membership?.organisationId).toBe(organisation.id);
    expect((await orgs.get(organisation.id))?.memberCount).toBe(1);
    expect((await policies.policies('w1')).map((p) => p.policyNo)).toEqual([policy.policyNo]);
  });

  it('writes nothing when any part is refused (here: the policy number is taken)', async () => {
    const caller = await signUp('w2');
    const federationId = (await orgs.federationOf('gz', 'courier'))!;
    const federation = (await orgs.get(federationId))!;
    const policy = issuePolicy('w2', federationId, new Date());
    await documents.send(new PutCommand({ TableName: names.accounts, Item: { pk: 'USER#w2', sk: `POLICY#${policy.policyNo}`, taken: true } }));

    await expect(
      members.activate(caller.member!, federation, { at: new Date().toISOString(), event: 'joined', organisationId: federationId, by: 'w2' }, { policy }),
    ).rejects.toThrow();
    expect((await accounts.load('w2')).member?.membership).toBeUndefined();
    expect((await orgs.get(federationId))?.memberCount).toBe(federation.memberCount);
    const { Item } = await documents.send(new GetCommand({ TableName: names.accounts, Key: { pk: 'USER#w2', sk: `POLICY#${policy.policyNo}` } }));
    expect(Item).toEqual({ pk: 'USER#w2', sk: `POLICY#${policy.policyNo}`, taken: true });
  });

  it('takes no member into a union closed after it was read', async () => {
    const caller = await signUp('w3');
    const union: Organisation = { ...base, id: 'gz-u', name: 'Union', kind: 'grassroots', parentId: 'gz', path: 'gd/gz/gz-u/' };
    await orgs.create(union);
    await orgs.close(union, new Date().toISOString());
    await expect(
      members.activate(caller.member!, union, { at: new Date().toISOString(), event: 'joined', organisationId: 'gz-u', by: 'w3' }),
    ).rejects.toBeInstanceOf(OrganisationClosed);
    expect((await accounts.load('w3')).member?.membership).toBeUndefined();
  });

  it('refuses a change decided on a stale read of the member', async () => {
    const caller = await signUp('w4');
    const union: Organisation = { ...base, id: 'gz-v', name: 'Union V', kind: 'grassroots', parentId: 'gz', path: 'gd/gz/gz-v/' };
    await orgs.create(union);
    const entry = { at: new Date().toISOString(), event: 'joined' as const, organisationId: 'gz-v', by: 'w4' };
    await members.activate(caller.member!, union, entry);
    // The same decision again, on the profile as it was before the first: refused, counted once.
    await expect(members.activate(caller.member!, union, entry)).rejects.toBeInstanceOf(MembershipChanged);
    expect((await orgs.get('gz-v'))?.memberCount).toBe(1);
  });
});
