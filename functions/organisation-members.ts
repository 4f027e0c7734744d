/** GET /organisations/{orgId}/members — active members of the whole subtree, page by page (index byOrgPath); each member shown is logged under her. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { listMembers } from '../shared/members/membership';
import { accessLog } from '../shared/adapters/access-log';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { members } from '../shared/members/functions';
import { logReads, routeKeyOf } from '../shared/privacy/access-log';

export const handle = async ({ caller, params, query }: RequestOf<typeof members.organisationMembers>) => {
  const page = await listMembers({ members: membershipStore, orgs: organisationStore }, caller, params.orgId, query);
  await logReads(accessLog, caller, page.items.map((member) => member.userId), { route: routeKeyOf(members.organisationMembers), what: `member list of union ${params.orgId}` });
  return ok(page);
};

export const handler = httpHandler(members.organisationMembers, handle);
