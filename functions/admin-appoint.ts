/** POST /organisations/{orgId}/admins — appoint an admin of a union in the caller's subtree (an operator: any union). */
import { appointAdmin } from '../shared/organisations/admin-appointments';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { adminStore } from '../shared/adapters/admin-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof organisations.adminAppoint>) =>
  created(await appointAdmin({ admins: adminStore, orgs: organisationStore }, caller, params.orgId, body.userId));

export const handler = httpHandler(organisations.adminAppoint, handle, { replays: storedReplays });
