/** The accounts table against DynamoDB Local: one profile per sign-in, also under concurrency. */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountStore } from '../../shared/accounts/account-store-dynamodb';
import { AlreadyRegistered } from '../../shared/accounts/errors';
import { registerMember } from '../../shared/accounts/member-register';
import { hmacPii, type HashPii } from '../../shared/privacy/pii';
import { freshTables, localDynamo } from '../support/local-aws';

const { client, documents } = localDynamo();
const hashPii: HashPii = async (kind, value) => hmacPii('integration-key', kind, value);
let store: DynamoAccountStore;
let accountsTable: string;

beforeAll(async () => {
  const nameOf = await freshTables(client);
  accountsTable = nameOf('accounts');
  store = new DynamoAccountStore(documents, accountsTable);
});

const input = { name: 'Chen Bo', phone: '13900139002', industry: 'courier' as const };

describe('accounts', () => {
  it('loads a profile and its grants in one account', async () => {
    await registerMember({ accounts: store, hashPii }, 'acc-1', input);
    await store.grant('acc-1', { role: 'admin', organisationId: 'gz', grantedAt: 'now', grantedBy: 'test' });
    await store.grant('acc-1', { role: 'operator', grantedAt: 'now', grantedBy: 'test' });
    const account = await store.load('acc-1');
    expect(account.member?.name).toBe('Chen Bo');
    expect(account.grants.map((g) => g.role).sort()).toEqual(['admin', 'operator']);
  });

  it('returns an empty account for a subject never seen', async () => {
    expect(await store.load('nobody')).toEqual({ userId: 'nobody', grants: [] });
  });

  it('lets exactly one of many concurrent sign-ups for one subject win', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => registerMember({ accounts: store, hashPii }, 'acc-race', { ...input, name: `Racer ${i}` })),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of attempts.filter((a) => a.status === 'rejected')) {
      expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(AlreadyRegistered);
    }
    const stored = await store.load('acc-race');
    expect(stored.member?.name).toBe((won[0] as PromiseFulfilledResult<{ name: string }>).value.name);
  });

  it('keeps no phone number in clear anywhere in the table', async () => {
    const { Items = [] } = await documents.send(new ScanCommand({ TableName: accountsTable }));
    expect(Items.length).toBeGreaterThan(0);
    expect(JSON.stringify(Items)).not.toContain('13900139002');
  });
});
