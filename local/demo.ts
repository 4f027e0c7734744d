/**
 * The demo that `npm start` seeds on first start: a province, two cities with a county, a town
 * and a grassroots union each, a gig-worker federation, and a user of every role. Tokens for
 * these users come from `npm run token -- <user>`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountStore } from '../shared/accounts/account-store-dynamodb';
import { AlreadyRegistered } from '../shared/accounts/errors';
import { registerMember } from '../shared/accounts/member-register';
import type { Organisation } from '../shared/organisations/organisation';
import { childPath } from '../shared/organisations/organisation';
import { DynamoOrganisationStore } from '../shared/organisations/organisation-store-dynamodb';
import { hashPii } from '../shared/privacy/pii';

/** Demo user name → sign-in subject. Any other name gets the subject `local-<name>`, with no account. */
export const demoUsers = {
  operator: 'demo-operator',
  'gd-admin': 'demo-gd-admin',
  'gz-admin': 'demo-gz-admin',
  'sz-admin': 'demo-sz-admin',
  alice: 'demo-alice',
  bob: 'demo-bob',
  merchant: 'demo-merchant',
} as const;

export const subjectOf = (user: string): string =>
  (demoUsers as Record<string, string>)[user] ?? `local-${user.replace(/[^A-Za-z0-9_-]/g, '-')}`;

type OrgSeed = Omit<Organisation, 'path' | 'status' | 'createdAt' | 'autoApprove'> & { autoApprove?: boolean };

const organisations: OrgSeed[] = [
  { id: 'gd', name: 'Guangdong Federation of Trade Unions', kind: 'province' },
  { id: 'gz', name: 'Guangzhou Federation of Trade Unions', kind: 'city', parentId: 'gd' },
  { id: 'gz-tianhe', name: 'Tianhe District Federation', kind: 'county', parentId: 'gz' },
  { id: 'gz-tianhe-wushan', name: 'Wushan Street Union', kind: 'town', parentId: 'gz-tianhe' },
  { id: 'gz-metro', name: 'Pearl River Metro Workers Union', kind: 'grassroots', parentId: 'gz-tianhe-wushan', autoApprove: true },
  { id: 'sz', name: 'Shenzhen Federation of Trade Unions', kind: 'city', parentId: 'gd' },
  { id: 'sz-nanshan', name: 'Nanshan District Federation', kind: 'county', parentId: 'sz' },
  { id: 'sz-nanshan-yuehai', name: 'Yuehai Street Union', kind: 'town', parentId: 'sz-nanshan' },
  { id: 'sz-bayview', name: 'Bayview Electronics Union', kind: 'grassroots', parentId: 'sz-nanshan-yuehai' },
  { id: 'sz-courier', name: 'Shenzhen Courier Workers Federation', kind: 'industry-federation', parentId: 'sz', industry: 'courier', autoApprove: true },
];

/** Seeds the demo unless it is already there (checked by the operator's grant). */
export async function seedDemo(
  documents: DynamoDBDocumentClient,
  tableNames: { accounts: string; organisations: string },
  now: Date = new Date(),
): Promise<boolean> {
  const accounts = new DynamoAccountStore(documents, tableNames.accounts);
  const existing = await accounts.load(demoUsers.operator);
  if (existing.grants.length > 0) return false;

  const orgs = new DynamoOrganisationStore(documents, tableNames.organisations);
  const byId = new Map<string, Organisation>();
  for (const seed of organisations) {
    const parent = seed.parentId ? byId.get(seed.parentId) : undefined;
    const organisation: Organisation = {
      ...seed,
      path: childPath(parent, seed.id),
      status: 'active',
      autoApprove: seed.autoApprove ?? false,
      createdAt: now.toISOString(),
    };
    byId.set(organisation.id, organisation);
    await orgs.put(organisation);
  }

  const grant = { grantedAt: now.toISOString(), grantedBy: 'demo-seed' };
  await accounts.grant(demoUsers['gd-admin'], { role: 'admin', organisationId: 'gd', ...grant });
  await accounts.grant(demoUsers['gz-admin'], { role: 'admin', organisationId: 'gz', ...grant });
  await accounts.grant(demoUsers['sz-admin'], { role: 'admin', organisationId: 'sz', ...grant });
  await accounts.grant(demoUsers.merchant, { role: 'merchant', merchantId: 'demo-mart', ...grant });
  const members = [
    [demoUsers.alice, { name: 'Li Ailing', phone: '13800138001', industry: 'other', employer: 'Pearl River Metro' }],
    [demoUsers.bob, { name: 'Chen Bo', phone: '13900139002', industry: 'courier', employer: 'Swift Express' }],
  ] as const;
  for (const [userId, profile] of members) {
    await registerMember({ accounts, hashPii }, userId, profile, now).catch((error: unknown) => {
      if (!(error instanceof AlreadyRegistered)) throw error;
    });
  }
  // Written last: its presence marks the demo as complete.
  await accounts.grant(demoUsers.operator, { role: 'operator', ...grant });
  return true;
}
