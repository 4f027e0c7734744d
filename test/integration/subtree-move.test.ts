/** Re-pathing a moved subtree against DynamoDB Local: in pieces when time runs out, never twice. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountStore } from '../../shared/accounts/account-store-dynamodb';
import { DynamoClaimStore } from '../../shared/claims/claim-store-dynamodb';
import { registerMember } from '../../shared/accounts/member-register';
import { joinUnion } from '../../shared/members/membership';
import { DynamoMembershipStore } from '../../shared/members/membership-store-dynamodb';
import { plantTree, unionAt } from '../support/fixtures';
import { moveOrganisation, type SubtreeMove } from '../../shared/organisations/organisation-move';
import { DynamoOrganisationStore } from '../../shared/organisations/organisation-store-dynamodb';
import { rePathSubtree } from '../../shared/organisations/subtree-repath';
import { hmacPii } from '../../shared/privacy/pii';
import { DynamoSubsidyStore } from '../../shared/subsidies/subsidy-store-dynamodb';
import { freshTables, localDynamo } from '../support/local-aws';

const { client, documents } = localDynamo();
let orgs: DynamoOrganisationStore;
let members: DynamoMembershipStore;
let accounts: DynamoAccountStore;
let claims: DynamoClaimStore;
let applications: DynamoSubsidyStore;
const operator = { userId: 'op', grants: [{ role: 'operator' as const, grantedAt: '', grantedBy: '' }] };

beforeAll(async () => {
  const nameOf = await freshTables(client);
  const tables = { accounts: nameOf('accounts'), organisations: nameOf('organisations') };
  orgs = new DynamoOrganisationStore(documents, tables.organisations);
  members = new DynamoMembershipStore(documents, tables);
  accounts = new DynamoAccountStore(documents, tables.accounts);
  claims = new DynamoClaimStore(documents, { claims: nameOf('claims'), accounts: tables.accounts });
  applications = new DynamoSubsidyStore(documents, nameOf('subsidies'));
  await plantTree(orgs, [
    unionAt('gd/', 'province'),
    unionAt('gd/gz/', 'city'),
    unionAt('gd/gz/c1/', 'county'),
    unionAt('gd/gz/c2/', 'county'),
    unionAt('gd/gz/c1/t1/', 'town'),
    ...Array.from({ length: 5 }, (_, i) => unionAt(`gd/gz/c1/t1/u${i}/`, 'grassroots')),
  ]);
  for (let i = 0; i < 12; i++) {
    await registerMember({ accounts, hashPii: async (k, v) => hmacPii('k', k, v) }, `m${i}`, { name: 'M', phone: `138${String(i).padStart(8, '0')}`, industry: 'other' });
    await joinUnion({ members, orgs }, await accounts.load(`m${i}`), `u${i % 5}`, 'join');
  }
});

describe('moving a subtree', () => {
  it('carries on in a new message when time runs out, and finishes once', async () => {
    const queued: SubtreeMove[] = [];
    const queueMove = async (move: SubtreeMove) => void queued.push(move);
    await moveOrganisation({ orgs, queueMove }, operator, 't1', 'c2');
    expect(queued).toHaveLength(1);
    expect(await orgs.movesInFlight()).toEqual([{ organisationId: 't1', oldPath: 'gd/gz/c1/t1/', newPath: 'gd/gz/c2/t1/' }]);
    // Until the members follow, a listing can leave out the subtree that moved away.
    expect((await members.membersUnder('gd/gz/', { limit: 50 })).items).toHaveLength(12);
    expect((await members.membersUnder('gd/gz/', { limit: 50 }, ['gd/gz/c1/t1/'])).items).toHaveLength(0);

    // No time at all: nothing lost, the move goes back on the queue.
    const first = await rePathSubtree({ orgs, members, claims, applications, continueLater: queueMove }, queued[0]!, Date.now() - 1);
    expect(first.done).toBe(false);
    expect(queued).toHaveLength(2);
    expect((await orgs.get('t1'))?.movingFrom).toBe('gd/gz/c1/t1/');

    const second = await rePathSubtree({ orgs, members, claims, applications, continueLater: queueMove }, queued[1]!, Date.now() + 60_000);
    expect(second).toMatchObject({ organisations: 5, members: 12, done: true });
    expect((await orgs.get('u3'))?.path).toBe('gd/gz/c2/t1/u3/');
    expect((await orgs.get('t1'))?.movingFrom).toBeUndefined();
    expect(await orgs.movesInFlight()).toEqual([]);
    const page = await members.membersUnder('gd/gz/c2/', { limit: 50 });
    expect(page.items).toHaveLength(12);
    expect((await members.membersUnder('gd/gz/c1/', { limit: 50 })).items).toHaveLength(0);

    // A redelivered message moves nothing twice.
    const again = await rePathSubtree({ orgs, members, claims, applications, continueLater: queueMove }, queued[1]!, Date.now() + 60_000);
    expect(again).toMatchObject({ organisations: 0, members: 0, done: true });
    expect(await orgs.movesInFlight()).toEqual([]);
    expect((await orgs.get('c1'))?.childCount).toBe(0);
    expect((await orgs.get('c2'))?.childCount).toBe(1);
  });
});
