/** GET /organisations/{orgId}/admin-changes — who appointed or removed whom, when. */
import { listAdminChanges } from '../shared/organisations/admin-appointments';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { adminStore } from '../shared/adapters/admin-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ caller, params, query }: RequestOf<typeof organisations.adminChanges>) =>
  ok(await listAdminChanges({ admins: adminStore, orgs: organisationStore }, caller, params.orgId, query));

export const handler = httpHandler(organisations.adminChanges, handle);
