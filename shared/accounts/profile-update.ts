/**
 * A member changes her profile. The fields that decide benefits change by rule (README, "Profile
 * rules"):
 *  - name and birthday: only until she is verified; then they are her ID card's (NAME_VERIFIED,
 *    BIRTHDAY_VERIFIED);
 *  - industry: counts from the next Shanghai day, so a switch cannot win another industry's drop
 *    the same day; asking for the current industry again cancels a pending change;
 *  - phone: re-hashed and re-masked, and still one number per account (PHONE_TAKEN);
 *  - union: never here; it changes only by join, transfer (with the union's approval) or leave.
 */
import type { Account, MemberProfile } from './account';
import { industryChangeOn, memberView } from './account';
import type { AccountStore, ProfileChange } from './account-store';
import type { UpdateProfileBody } from './schemas';
import type { HashPii } from '../privacy/pii';
import { maskPhone } from '../privacy/redact';
import { NotRegistered } from '../members/errors';
import { BirthdayVerified, ProfileLocked } from './errors';

export async function updateProfile(
  { accounts, hashPii }: { accounts: AccountStore; hashPii: HashPii },
  caller: Account,
  input: UpdateProfileBody,
  now: Date = new Date(),
) {
  // The caller's profile as it stands today (the account store applies a change whose day has come).
  const member = caller.member;
  if (!member) throw new NotRegistered();
  const birthday = input.birthday !== undefined && input.birthday !== member.birthday ? input.birthday : undefined;
  if (member.verified && input.name !== undefined) throw new ProfileLocked();
  if (member.verified && birthday !== undefined) throw new BirthdayVerified();

  const change: ProfileChange = {
    set: { name: input.name, employer: input.employer, birthday },
    // Checked again by the write: a verification may land between our read and it.
    unverifiedOnly: input.name !== undefined ? 'name' : birthday !== undefined ? 'birthday' : undefined,
  };
  if (input.phone) {
    change.set.phoneHash = await hashPii('phone', input.phone);
    change.set.phoneMasked = maskPhone(input.phone);
    change.previousPhoneHash = member.phoneHash;
  }
  if (input.industry !== undefined && input.industry !== member.industry) {
    // Written with the industry in effect today, which the stored item may not have caught up with.
    change.set.industry = member.industry;
    change.set.industryChange = industryChangeOn(input.industry, now);
  } else if (input.industry !== undefined && member.industryChange) {
    change.set.industry = member.industry;
    change.remove = ['industryChange'];
  }

  const writes = Object.values(change.set).some((value) => value !== undefined) || (change.remove?.length ?? 0) > 0;
  const after: MemberProfile = writes ? await accounts.updateProfile(caller.userId, change) : member;
  return memberView(after);
}
