import { describe, expect, it } from 'vitest';
import type { Account, MemberProfile, RoleGrant } from '../../shared/accounts/account';
import { hasAnyRole, rolesOf } from '../../shared/accounts/account';
import type { AccountStore, ProfileChange } from '../../shared/accounts/account-store';
import { AlreadyRegistered, BirthdayVerified, ProfileLocked } from '../../shared/accounts/errors';
import { effectiveProfile } from '../../shared/accounts/account';
import { updateProfile } from '../../shared/accounts/profile-update';
import { registerMember } from '../../shared/accounts/member-register';
import { RegisterMemberBody } from '../../shared/accounts/schemas';

import { hmacPii, type HashPii } from '../../shared/privacy/pii';

const hashPii: HashPii = async (kind, value) => hmacPii('unit-test-key', kind, value);

class MemoryAccounts implements AccountStore {
  readonly profiles = new Map<string, MemberProfile>();
  async load(userId: string): Promise<Account> {
    return { userId, member: this.profiles.get(userId), grants: [] };
  }
  async createMember(profile: MemberProfile) {
    if (this.profiles.has(profile.userId)) throw new AlreadyRegistered();
    this.profiles.set(profile.userId, profile);
  }
  async grant(_userId: string, _grant: RoleGrant) {}
  async updateProfile(userId: string, change: ProfileChange) {
    const profile = this.profiles.get(userId)!;
    if (change.unverifiedOnly && profile.verified) throw change.unverifiedOnly === 'name' ? new ProfileLocked() : new BirthdayVerified();
    const updated: MemberProfile = { ...profile, ...Object.fromEntries(Object.entries(change.set).filter(([, v]) => v !== undefined)) };
    for (const field of change.remove ?? []) delete updated[field];
    this.profiles.set(userId, updated);
    return updated;
  }
}

describe('sign-up', () => {
  const input = RegisterMemberBody.parse({ name: 'Li Ailing', phone: '+86 138 0013 8001'.replace(/ /g, ''), industry: 'courier' });

  it('stores the phone only as a keyed hash and a masked form', async () => {
    const store = new MemoryAccounts();
    const view = await registerMember({ accounts: store, hashPii }, 'u1', input, new Date('2026-11-23T00:00:00Z'));
    const stored = store.profiles.get('u1')!;
    expect(JSON.stringify(stored)).not.toContain('13800138001');
    expect(stored.phoneHash).toMatch(/^[0-9a-f]{64}$/);
    expect(view).toEqual({
      userId: 'u1',
      name: 'Li Ailing',
      phoneMasked: '138****8001',
      industry: 'courier',
      employer: undefined,
      birthday: undefined,
      verified: false,
      registeredAt: '2026-11-23T00:00:00.000Z',
    });
  });

  it('hashes the same number the same way, so duplicates can be found without the number', async () => {
    const store = new MemoryAccounts();
    await registerMember({ accounts: store, hashPii }, 'a', input);
    await registerMember({ accounts: store, hashPii }, 'b', { ...input, phone: '13800138001' });
    expect(store.profiles.get('a')!.phoneHash).toBe(store.profiles.get('b')!.phoneHash);
  });

  it('refuses a second profile for the same sign-in', async () => {
    const store = new MemoryAccounts();
    await registerMember({ accounts: store, hashPii }, 'u1', input);
    await expect(registerMember({ accounts: store, hashPii }, 'u1', input)).rejects.toBeInstanceOf(AlreadyRegistered);
  });
});

describe('profile changes', () => {
  it('re-hashes a new phone and never keeps it in clear', async () => {
    const store = new MemoryAccounts();
    await registerMember({ accounts: store, hashPii }, 'u1', RegisterMemberBody.parse({ name: 'Li', phone: '13800138001', industry: 'courier' }));
    const before = store.profiles.get('u1')!.phoneHash;
    const caller = await store.load('u1');
    const view = await updateProfile({ accounts: store, hashPii }, caller, { phone: '13900139009' });
    expect(view.phoneMasked).toBe('139****9009');
    expect(store.profiles.get('u1')!.phoneHash).not.toBe(before);
    expect(JSON.stringify(store.profiles.get('u1'))).not.toContain('13900139009');
  });
});

describe('roles', () => {
  const grant = { grantedAt: '', grantedBy: '' };
  it('derives member from a profile and the rest from grants', () => {
    const account: Account = {
      userId: 'x',
      grants: [{ role: 'admin', organisationId: 'gz', ...grant }, { role: 'merchant', merchantId: 'm', ...grant }],
    };
    expect(rolesOf(account).sort()).toEqual(['admin', 'merchant']);
    expect(hasAnyRole(account, ['member'])).toBe(false);
    expect(hasAnyRole(account, ['operator', 'admin'])).toBe(true);
  });
});

describe('fields that decide benefits', () => {
  const signedUp = async (store: MemoryAccounts, verified = false) => {
    await registerMember({ accounts: store, hashPii }, 'u1', RegisterMemberBody.parse({ name: 'Li', phone: '13800138001', industry: 'other', birthday: '1990-01-01' }));
    if (verified) store.profiles.set('u1', { ...store.profiles.get('u1')!, verified: true, birthday: '1988-08-08' });
    return store.load('u1');
  };

  it('refuses a birthday other than the verified ID number\'s, and accepts the same one', async () => {
    const store = new MemoryAccounts();
    const caller = await signedUp(store, true);
    await expect(updateProfile({ accounts: store, hashPii }, caller, { birthday: '1999-09-09' })).rejects.toBeInstanceOf(BirthdayVerified);
    await expect(updateProfile({ accounts: store, hashPii }, caller, { name: 'Li Si' })).rejects.toBeInstanceOf(ProfileLocked);
    expect((await updateProfile({ accounts: store, hashPii }, caller, { birthday: '1988-08-08' })).birthday).toBe('1988-08-08');
    // Before verification the birthday is hers to correct.
    const other = new MemoryAccounts();
    expect((await updateProfile({ accounts: other, hashPii }, await signedUp(other), { birthday: '1991-02-03' })).birthday).toBe('1991-02-03');
  });

  it('lets an industry change count from the next Shanghai day, and cancels it on asking for the current one', async () => {
    const store = new MemoryAccounts();
    const caller = await signedUp(store);
    // 23:30 in Shanghai on 2026-07-01 is 15:30 UTC: the change counts from 2026-07-02.
    const view = await updateProfile({ accounts: store, hashPii }, caller, { industry: 'courier' }, new Date('2026-07-01T15:30:00Z'));
    expect(view).toMatchObject({ industry: 'other', industryChange: { industry: 'courier', effectiveFrom: '2026-07-02' } });
    const stored = store.profiles.get('u1')!;
    expect(effectiveProfile(stored, '2026-07-01').industry).toBe('other');
    expect(effectiveProfile(stored, '2026-07-02').industry).toBe('courier');
    expect(effectiveProfile(stored, '2026-07-02')).not.toHaveProperty('industryChange');

    const cancelled = await updateProfile({ accounts: store, hashPii }, await store.load('u1'), { industry: 'other' }, new Date('2026-07-01T15:40:00Z'));
    expect(cancelled.industry).toBe('other');
    expect(store.profiles.get('u1')!.industryChange).toBeUndefined();
  });
});
