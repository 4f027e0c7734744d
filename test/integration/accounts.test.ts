/** The accounts table against DynamoDB Local: one profile per sign-in, also under concurrency. */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccountStore } from '../../shared/accounts/account-store-dynamodb';
import { AlreadyRegistered, PhoneTaken } from '../../shared/accounts/errors';
import { updateProfile } from '../../shared/accounts/profile-update';
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
      // Its own number: the subject is what races here (one number's race is below).
      Array.from({ length: 20 }, (_, i) => registerMember({ accounts: store, hashPii }, 'acc-race', { ...input, phone: '13900139003', name: `Racer ${i}` })),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of attempts.filter((a) => a.status === 'rejected')) {
      expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(AlreadyRegistered);
    }
    const stored = await store.load('acc-race');
    expect(stored.member?.name).toBe((won[0] as PromiseFulfilledResult<{ name: string }>).value.name);
  });

  it('lets exactly one of many concurrent sign-ups with one phone number win, across subjects', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => registerMember({ accounts: store, hashPii }, `acc-phone-${i}`, { ...input, phone: '13900139004' })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const lost of attempts.filter((a) => a.status === 'rejected')) {
      expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(PhoneTaken);
    }
    const profiles = await Promise.all(Array.from({ length: 12 }, (_, i) => store.load(`acc-phone-${i}`)));
    expect(profiles.filter((account) => account.member)).toHaveLength(1);
  });

  it('moves the number\'s claim with a phone change, and refuses another account\'s number', async () => {
    await registerMember({ accounts: store, hashPii }, 'acc-mover', { ...input, phone: '13900139005' });
    await registerMember({ accounts: store, hashPii }, 'acc-holder', { ...input, phone: '13900139006' });
    const mover = await store.load('acc-mover');
    await expect(updateProfile({ accounts: store, hashPii }, mover, { phone: '13900139006' })).rejects.toBeInstanceOf(PhoneTaken);
    expect((await updateProfile({ accounts: store, hashPii }, mover, { phone: '13900139007' })).phoneMasked).toBe('139****9007');
    // The old number is free again, the new one is taken.
    await registerMember({ accounts: store, hashPii }, 'acc-next', { ...input, phone: '13900139005' });
    await expect(registerMember({ accounts: store, hashPii }, 'acc-late', { ...input, phone: '13900139007' })).rejects.toBeInstanceOf(PhoneTaken);
  });

  it('keeps no phone number in clear anywhere in the table', async () => {
    const { Items = [] } = await documents.send(new ScanCommand({ TableName: accountsTable }));
    expect(Items.length).toBeGreaterThan(0);
    expect(JSON.stringify(Items)).not.toContain('13900139002');
  });
});
