/** GET /organisations/{orgId}/members — active members of the whole subtree, page by page (index byOrgPath). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { listMembers } from '../shared/members/membership';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { members } from '../shared/members/functions';

export const handle = async ({ caller, params, query }: RequestOf<typeof members.organisationMembers>) =>
  ok(await listMembers({ members: membershipStore, orgs: organisationStore }, caller, params.orgId, query));

export const handler = httpHandler(members.organisationMembers, handle);
