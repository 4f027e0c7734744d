/** The port through which account rules reach storage. */
import type { Account, MemberProfile, RoleGrant } from './account';

/** Profile fields a member changes herself. */
export type ProfileFields = Pick<MemberProfile, 'name' | 'phoneHash' | 'phoneMasked' | 'industry' | 'industryChange' | 'employer' | 'birthday'>;

export interface ProfileChange {
  set: Partial<ProfileFields>;
  remove?: 'industryChange'[];
  /** Refused if the profile is verified by the time of the write (`ProfileLocked` for the name, `BirthdayVerified` for the birthday). */
  unverifiedOnly?: 'name' | 'birthday';
  /** The number given up when `set.phoneHash` is a new one: its claim is released in the same write. */
  previousPhoneHash?: string;
}

export interface AccountStore {
  /** The account of a sign-in subject as it stands today (see `effectiveProfile`); an empty one (no profile, no grants) if never seen. */
  load(userId: string): Promise<Account>;
  /**
   * Creates the profile and claims its phone number, together; throws `AlreadyRegistered` if the
   * subject already has a profile, `PhoneTaken` if another account holds the number.
   */
  createMember(profile: MemberProfile): Promise<void>;
  grant(userId: string, grant: RoleGrant): Promise<void>;
  /** Changes an existing profile (a new phone number claimed as on sign-up); returns the profile after the change. */
  updateProfile(userId: string, change: ProfileChange): Promise<MemberProfile>;
}
