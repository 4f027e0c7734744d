/** GET /organisations/{orgId}/join-requests — pending join and transfer requests of one union; each requester shown is logged under her. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { listRequests } from '../shared/members/membership';
import { accessLog } from '../shared/adapters/access-log';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { members } from '../shared/members/functions';
import { logReads, routeKeyOf } from '../shared/privacy/access-log';

export const handle = async ({ caller, params, query }: RequestOf<typeof members.joinRequestsList>) => {
  const page = await listRequests({ members: membershipStore, orgs: organisationStore }, caller, params.orgId, query);
  await logReads(accessLog, caller, page.items.map((request) => request.userId), { route: routeKeyOf(members.joinRequestsList), what: `join requests of union ${params.orgId}` });
  return ok(page);
};

export const handler = httpHandler(members.joinRequestsList, handle);
