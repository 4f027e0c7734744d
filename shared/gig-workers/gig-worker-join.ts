/**
 * "Three in one" joining for gig workers: join the city's industry federation and receive the
 * gifted protection plan in one atomic step.
 *
 * Primary course:
 *  1. The caller is a registered member who belongs to no union yet.
 *  2. Find the industry federation of the city for the worker's industry; create it when the
 *     city allows federations on demand (one per city and industry, even under a race), else
 *     refuse with NO_FEDERATION.
 *  3. In one transaction: the membership (industry set), the federation's member count, the
 *     policy and the history entry — all present or none.
 */
import { industryChangeOn } from '../accounts/account';
import type { Account } from '../accounts/account';
import type { Industry } from '../accounts/schemas';
import { AlreadyAMember, NotRegistered, RequestPending } from '../members/errors';
import type { MembershipStore } from '../members/membership-store';
import { InvalidPlacement, OrganisationClosed, OrganisationNotFound } from '../organisations/errors';
import { childPath, newOrganisationId, type Organisation } from '../organisations/organisation';
import type { OrganisationStore } from '../organisations/organisation-store';
import { NoFederation } from './errors';
import { issuePolicy, type ProtectionPolicy } from './protection-policy';

const industryNames: Record<Industry, string> = {
  courier: 'Courier',
  'food-delivery': 'Food Delivery Rider',
  'truck-driving': 'Truck Driver',
  'ride-hailing': 'Ride-hailing and Taxi Driver',
  sanitation: 'Sanitation Worker',
  construction: 'Construction Worker',
  other: 'Gig Worker',
};

async function federationFor(orgs: OrganisationStore, city: Organisation, industry: Industry, now: Date): Promise<Organisation> {
  let id = await orgs.federationOf(city.id, industry);
  if (!id) {
    if (!city.federationsOnDemand) throw new NoFederation(city.name, industry);
    const newId = newOrganisationId();
    id = await orgs.createFederation({
      id: newId,
      name: `${city.name.replace(/ Federation of Trade Unions$/, '')} ${industryNames[industry]} Federation`,
      kind: 'industry-federation',
      parentId: city.id,
      path: childPath(city, newId),
      industry,
      status: 'active',
      autoApprove: true,
      memberCount: 0,
      childCount: 0,
      createdAt: now.toISOString(),
    });
  }
  const federation = await orgs.get(id);
  if (!federation || federation.status !== 'active') throw new OrganisationClosed(id);
  return federation;
}

export async function joinAsGigWorker(
  deps: { orgs: OrganisationStore; members: MembershipStore },
  caller: Account,
  input: { cityId: string; industry: Industry; employer?: string },
  now: Date = new Date(),
): Promise<{ organisation: Organisation; policy: ProtectionPolicy }> {
  const member = caller.member;
  if (!member) throw new NotRegistered();
  if (member.membership) throw new AlreadyAMember();
  if (member.request) throw new RequestPending();
  const city = await deps.orgs.get(input.cityId);
  if (!city) throw new OrganisationNotFound(input.cityId);
  if (city.kind !== 'city') throw new InvalidPlacement(`${city.name} is not a city.`, 'body.cityId');
  if (city.status !== 'active') throw new OrganisationClosed(city.id);

  const federation = await federationFor(deps.orgs, city, input.industry, now);
  const policy = issuePolicy(caller.userId, federation.id, now);
  await deps.members.activate(
    { ...member },
    federation,
    { at: now.toISOString(), event: 'joined', organisationId: federation.id, by: caller.userId, reason: 'gig-worker joining' },
    {
      policy,
      profileChanges: {
        // Another industry than hers counts from tomorrow, as a profile change does.
        ...(input.industry !== member.industry && { industryChange: industryChangeOn(input.industry, now) }),
        ...(input.employer && { employer: input.employer }),
      },
    },
  );
  return { organisation: { ...federation, memberCount: federation.memberCount + 1 }, policy };
}
