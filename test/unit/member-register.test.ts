import { describe, expect, it } from 'vitest';
import type { Account, MemberProfile, RoleGrant } from '../../shared/accounts/account';
import { hasAnyRole, rolesOf } from '../../shared/accounts/account';
import type { AccountStore } from '../../shared/accounts/account-store';
import { AlreadyRegistered, ProfileLocked } from '../../shared/accounts/errors';
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
  async updateProfile(userId: string, changes: Partial<MemberProfile>, onlyIfUnverified: boolean) {
    const profile = this.profiles.get(userId)!;
    if (onlyIfUnverified && profile.verified) throw new ProfileLocked();
    const updated = { ...profile, ...changes };
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
