/**
 * An account is everyone who signs in: an optional member profile plus role grants. The token
 * only says who the caller is; what they may do is read from here on every request.
 */
import { dayAfter, shanghaiDay } from '../days';
import type { Role } from '../system';
import type { Industry } from './schemas';

export interface MemberProfile {
  userId: string;
  name: string;
  phoneHash: string;
  phoneMasked: string;
  /** The industry in effect (coupon audiences and federations go by it). */
  industry: Industry;
  /** A change of industry and the Shanghai day from which it counts (always a later day than it was asked on). */
  industryChange?: IndustryChange;
  employer?: string;
  birthday?: string;
  verified: boolean;
  registeredAt: string;
  /** Masked resident ID number once verified (4401**********123X); the number itself is only hashed. */
  idNumberMasked?: string;
  idNumberHash?: string;
  verifiedAt?: string;
  /** The union the member belongs to now (one at a time). */
  membership?: Membership;
  /** A join or transfer waiting for the target union's approval. */
  request?: MembershipRequest;
}

/**
 * An industry asked for on `now` counts from the next Shanghai day (README, "Profile rules"): a
 * member cannot switch industries to win another industry's drop the same day, whether she asks
 * through her profile or by joining another industry's federation.
 */
export const industryChangeOn = (industry: IndustryChange['industry'], now: Date): IndustryChange => ({ industry, effectiveFrom: dayAfter(shanghaiDay(now)) });

export interface IndustryChange {
  industry: Industry;
  /** YYYY-MM-DD, Asia/Shanghai: the first day the new industry counts. */
  effectiveFrom: string;
}

/**
 * The profile as it stands on `today` (a Shanghai day): an industry change whose day has come is
 * the industry. The stored item may lag (nothing rewrites it at midnight); every reader and the
 * coupon claim's condition apply the same rule.
 */
export function effectiveProfile(profile: MemberProfile, today: string): MemberProfile {
  const change = profile.industryChange;
  if (!change || change.effectiveFrom > today) return profile;
  const { industryChange: _applied, ...rest } = profile;
  return { ...rest, industry: change.industry };
}

export interface Membership {
  organisationId: string;
  orgPath: string;
  since: string;
}

export interface MembershipRequest {
  kind: 'join' | 'transfer';
  organisationId: string;
  requestedAt: string;
}

export type RoleGrant =
  | { role: 'admin'; organisationId: string; grantedAt: string; grantedBy: string }
  | { role: 'operator'; grantedAt: string; grantedBy: string }
  | { role: 'merchant'; merchantId: string; grantedAt: string; grantedBy: string };

export interface Account {
  userId: string;
  member?: MemberProfile;
  grants: RoleGrant[];
}

/** The roles an account holds: `member` once it has a profile, the rest from its grants. */
export function rolesOf(account: Account): Role[] {
  const roles = new Set<Role>();
  if (account.member) roles.add('member');
  for (const grant of account.grants) roles.add(grant.role);
  return [...roles];
}

export const hasAnyRole = (account: Account, allowed: Role[]): boolean =>
  rolesOf(account).some((role) => allowed.includes(role));

/** Organisations whose subtree this account administers. */
export const administeredOrganisations = (account: Account): string[] =>
  account.grants.flatMap((g) => (g.role === 'admin' ? [g.organisationId] : []));

export function memberView(profile: MemberProfile) {
  return {
    userId: profile.userId,
    name: profile.name,
    phoneMasked: profile.phoneMasked,
    industry: profile.industry,
    industryChange: profile.industryChange,
    employer: profile.employer,
    birthday: profile.birthday,
    verified: profile.verified,
    registeredAt: profile.registeredAt,
    idNumberMasked: profile.idNumberMasked,
    verifiedAt: profile.verifiedAt,
    membership: profile.membership && {
      organisationId: profile.membership.organisationId,
      since: profile.membership.since,
    },
    request: profile.request,
  };
}
