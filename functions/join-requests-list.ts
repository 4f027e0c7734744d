/** GET /organisations/{orgId}/join-requests — pending join and transfer requests of one union. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { listRequests } from '../shared/members/membership';
import { membershipStore, organisationStore } from '../shared/stores';

export const handle = async ({ caller, params, query }: RequestOf<'joinRequestsList'>) =>
  ok(await listRequests({ members: membershipStore(), orgs: organisationStore() }, caller, params.orgId, query));

export const handler = httpHandler('joinRequestsList', handle);
