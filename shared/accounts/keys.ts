/**
 * Key shapes of the accounts table, shared by its adapters (accounts, memberships, identity).
 *   pk USER#<sub>        sk ACCOUNT#PROFILE | ACCOUNT#GRANT#… | HISTORY#<at>#<n> | POLICY#<policyNo>
 *   pk IDCLAIM#<idHash>  sk IDCLAIM       the one member an ID number verified
 *   pk PHONE#<phoneHash> sk PHONE         the one account a phone number belongs to
 * Index byOrgPath  (gsi1pk MEMBERS#<province/city>, gsi1sk <union path><sub>): members of a subtree
 * Index requestsByOrg (gsi2pk REQUESTS#<orgId>, gsi2sk <requestedAt>#<sub>): pending join requests
 * Index byBirthMonth (gsi3pk BIRTHMONTH#<province/city>#<MM>, gsi3sk <union path><sub>): verified
 *   members of a union by the month of their birthday (sparse: only verified members of a union,
 *   whose birthday is fixed by the ID number); written with the membership and re-pathed on moves.
 */
import { memberPartitionOf } from '../organisations/organisation';
import type { RoleGrant } from './account';

export const PROFILE = 'ACCOUNT#PROFILE';
export const GRANT = 'ACCOUNT#GRANT#';
export const userKey = (userId: string) => `USER#${userId}`;
export const profileKey = (userId: string) => ({ pk: userKey(userId), sk: PROFILE });
/** Where a role grant sits in its holder's partition (ACCOUNT#GRANT#admin#<orgId>, …#merchant#<id>, …#operator). */
export const grantKey = (userId: string, grant: DistributiveOmit<RoleGrant, 'grantedAt' | 'grantedBy'>) => ({
  pk: userKey(userId),
  sk: grant.role === 'admin' ? `${GRANT}admin#${grant.organisationId}` : grant.role === 'merchant' ? `${GRANT}merchant#${grant.merchantId}` : `${GRANT}operator`,
});
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export const identityClaimKey = (idHash: string) => ({ pk: `IDCLAIM#${idHash}`, sk: 'IDCLAIM' });
export const phoneClaimKey = (phoneHash: string) => ({ pk: `PHONE#${phoneHash}`, sk: 'PHONE' });
/** A member's protection policies sort under this prefix of her partition. */
export const POLICY = 'POLICY#';
export const policyKey = (userId: string, policyNo: string) => ({ pk: userKey(userId), sk: `${POLICY}${policyNo}` });

export const memberIndexKeys = (orgPath: string, userId: string) => ({
  gsi1pk: `MEMBERS#${memberPartitionOf(orgPath)}`,
  gsi1sk: `${orgPath}${userId}`,
});

/**
 * The birthday benefit's index keys for a member, or undefined when she is not in it: only a
 * verified member (her birthday is her ID card's and cannot be moved month to month) of a union.
 */
export function birthMonthIndexKeys(profile: { userId: string; verified: boolean; birthday?: string }, orgPath: string | undefined) {
  if (!profile.verified || !profile.birthday || !orgPath) return undefined;
  return {
    gsi3pk: birthMonthPartition(orgPath, profile.birthday.slice(5, 7)),
    gsi3sk: `${orgPath}${profile.userId}`,
  };
}

/** The index partition of a subtree's members born in month `mm` ("01".."12"). */
export const birthMonthPartition = (orgPath: string, mm: string) => `BIRTHMONTH#${memberPartitionOf(orgPath)}#${mm}`;

export const requestIndexKeys = (organisationId: string, requestedAt: string, userId: string) => ({
  gsi2pk: `REQUESTS#${organisationId}`,
  gsi2sk: `${requestedAt}#${userId}`,
});

/** Attributes of index keys and table keys that never belong in a domain object. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, ...rest } = item;
  return rest as T;
}
