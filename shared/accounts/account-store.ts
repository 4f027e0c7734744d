/** The port through which account rules reach storage. */
import type { Account, MemberProfile, RoleGrant } from './account';

export interface AccountStore {
  /** The account of a sign-in subject; an empty one (no profile, no grants) if never seen. */
  load(userId: string): Promise<Account>;
  /** Creates the profile; throws `AlreadyRegistered` if the subject already has one. */
  createMember(profile: MemberProfile): Promise<void>;
  grant(userId: string, grant: RoleGrant): Promise<void>;
  /** Changes profile fields of an existing profile; returns the profile after the change. */
  updateProfile(userId: string, changes: Partial<Pick<MemberProfile, 'name' | 'phoneHash' | 'phoneMasked' | 'industry' | 'employer' | 'birthday'>>, onlyIfUnverified: boolean): Promise<MemberProfile>;
}
