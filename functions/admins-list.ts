/** GET /organisations/{orgId}/admins — a union's admins, for the admins of its subtree. */
import { listAdmins } from '../shared/organisations/admin-appointments';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { adminStore } from '../shared/adapters/admin-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ caller, params, query }: RequestOf<typeof organisations.adminsList>) =>
  ok(await listAdmins({ admins: adminStore, orgs: organisationStore }, caller, params.orgId, query));

export const handler = httpHandler(organisations.adminsList, handle);
