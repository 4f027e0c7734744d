/** DELETE /organisations/{orgId}/admins/{userId} — remove an admin of a union in the caller's subtree. */
import { removeAdmin } from '../shared/organisations/admin-appointments';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { adminStore } from '../shared/adapters/admin-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ caller, params }: RequestOf<typeof organisations.adminRemove>) =>
  ok(await removeAdmin({ admins: adminStore, orgs: organisationStore }, caller, params.orgId, params.userId));

export const handler = httpHandler(organisations.adminRemove, handle, { replays: storedReplays });
