import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import { placementProblem } from '../../shared/organisations/organisation-create';
import { isWithin, memberPartitionOf, type Organisation } from '../../shared/organisations/organisation';
import type { OrganisationReader } from '../../shared/organisations/organisation-store';
import { administers } from '../../shared/organisations/scope';
import { issuePolicy } from '../../shared/gig-workers/protection-policy';

const org = (id: string, path: string, kind: Organisation['kind'], status: Organisation['status'] = 'active'): Organisation => ({
  id,
  name: id,
  kind,
  path,
  parentId: path.split('/').filter(Boolean).at(-2),
  status,
  autoApprove: false,
  memberCount: 0,
  childCount: 0,
  createdAt: '',
});

const tree = [
  org('gd', 'gd/', 'province'),
  org('gz', 'gd/gz/', 'city'),
  org('sz', 'gd/sz/', 'city'),
  org('old', 'gd/old/', 'city', 'closed'),
  org('th', 'gd/gz/th/', 'county'),
  org('x', 'gd/old/x/', 'county'),
];
const at = (id: string) => tree.find((o) => o.id === id)!;
const reader: OrganisationReader = {
  get: async (id) => tree.find((o) => o.id === id),
  getMany: async (ids) => tree.filter((o) => ids.includes(o.id)),
};
const grant = { grantedAt: '', grantedBy: '' };

describe('the tree', () => {
  it('answers "is A under B" from paths alone', () => {
    expect(isWithin({ path: 'gd/gz/th/u1/' }, at('gz'))).toBe(true);
    expect(isWithin(at('gz'), at('gz'))).toBe(true);
    expect(isWithin({ path: 'gd/gzx/' }, at('gz'))).toBe(false); // a shared prefix is not a parent
  });

  it('indexes members by province and city', () => {
    expect(memberPartitionOf('gd/gz/th/u1/')).toBe('gd/gz');
  });

  it('places kinds only under the kinds the report names', () => {
    expect(placementProblem('county', tree[1]!)).toBeUndefined();
    expect(placementProblem('county', tree[0]!)).toMatch(/cannot sit under a province/);
    expect(placementProblem('industry-federation', tree[1]!)).toMatch(/needs its industry/);
    expect(placementProblem('industry-federation', tree[1]!, 'courier')).toBeUndefined();
    expect(placementProblem('grassroots', org('f', 'gd/gz/f/', 'industry-federation'))).toBeUndefined();
  });
});

describe('scope', () => {
  it('lets an admin act on their subtree only, an operator everywhere', async () => {
    const gzAdmin: Account = { userId: 'a', grants: [{ role: 'admin', organisationId: 'gz', ...grant }] };
    expect(await administers(gzAdmin, at('th'), reader)).toBe(true);
    expect(await administers(gzAdmin, at('sz'), reader)).toBe(false);
    expect(await administers(gzAdmin, at('gd'), reader)).toBe(false);
    const operator: Account = { userId: 'o', grants: [{ role: 'operator', ...grant }] };
    expect(await administers(operator, at('sz'), reader)).toBe(true);
    const member: Account = { userId: 'm', grants: [] };
    expect(await administers(member, at('gz'), reader)).toBe(false);
  });

  it('gives a grant on a closed organisation no power', async () => {
    const stale: Account = { userId: 'a', grants: [{ role: 'admin', organisationId: 'old', ...grant }] };
    expect(await administers(stale, at('x'), reader)).toBe(false);
  });
});

describe('the gifted protection', () => {
  it('runs one year from the joining day in Shanghai', () => {
    const policy = issuePolicy('u', 'f', new Date('2026-11-23T17:00:00Z')); // 01:00 on the 24th in Shanghai
    expect(policy.startsOn).toBe('2026-11-24');
    expect(policy.endsOn).toBe('2027-11-23');
    expect(policy.policyNo).toMatch(/^GHP20261124[0-9A-F]{10}$/);
    expect(policy.coverage.accidentMedicalFen).toBe(1_000_000);
  });
});
