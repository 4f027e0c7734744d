/** GET /organisations/{orgId}/join-requests — pending join and transfer requests of one union. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { listRequests } from '../shared/members/membership';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { members } from '../shared/members/functions';

export const handle = async ({ caller, params, query }: RequestOf<typeof members.joinRequestsList>) =>
  ok(await listRequests({ members: membershipStore, orgs: organisationStore }, caller, params.orgId, query));

export const handler = httpHandler(members.joinRequestsList, handle);
