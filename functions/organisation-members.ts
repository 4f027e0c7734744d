/** GET /organisations/{orgId}/members — active members of the whole subtree, page by page (index byOrgPath). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { listMembers } from '../shared/members/membership';
import { membershipStore, organisationStore } from '../shared/stores';

export const handle = async ({ caller, params, query }: RequestOf<'organisationMembers'>) =>
  ok(await listMembers({ members: membershipStore(), orgs: organisationStore() }, caller, params.orgId, query));

export const handler = httpHandler('organisationMembers', handle);
