/**
 * Sign-up: a signed-in mobile identity becomes a member with a profile.
 *
 * Primary course:
 *  1. Hash and mask the phone number (the clear number is never stored).
 *  2. Create the profile, conditionally: one profile per sign-in subject.
 *  3. Return the member's view of the profile.
 */
import type { MemberProfile } from './account';
import { memberView } from './account';
import type { AccountStore } from './account-store';
import type { RegisterMemberBody } from './schemas';
import type { HashPii } from '../privacy/pii';
import { maskPhone } from '../privacy/redact';

export interface RegisterMemberDependencies {
  accounts: AccountStore;
  hashPii: HashPii;
}

export async function registerMember(
  { accounts, hashPii }: RegisterMemberDependencies,
  userId: string,
  input: RegisterMemberBody,
  now: Date = new Date(),
) {
  const profile: MemberProfile = {
    userId,
    name: input.name,
    phoneHash: await hashPii('phone', input.phone),
    phoneMasked: maskPhone(input.phone),
    industry: input.industry,
    employer: input.employer,
    birthday: input.birthday,
    verified: false,
    registeredAt: now.toISOString(),
  };
  await accounts.createMember(profile);
  return memberView(profile);
}
