/**
 * A member changes her profile: phone (re-hashed, re-masked), industry, employer, birthday, and
 * her name while it is not yet verified against her ID card.
 */
import type { Account } from './account';
import { memberView } from './account';
import type { AccountStore } from './account-store';
import type { UpdateProfileBody } from './schemas';
import type { HashPii } from '../privacy/pii';
import { maskPhone } from '../privacy/redact';
import { NotRegistered } from '../members/errors';

export async function updateProfile({ accounts, hashPii }: { accounts: AccountStore; hashPii: HashPii }, caller: Account, input: UpdateProfileBody) {
  if (!caller.member) throw new NotRegistered();
  const { phone, ...rest } = input;
  const changes = {
    ...rest,
    ...(phone && { phoneHash: await hashPii('phone', phone), phoneMasked: maskPhone(phone) }),
  };
  return memberView(await accounts.updateProfile(caller.userId, changes, input.name !== undefined));
}
