/** PATCH /organisations/{orgId} — rename or change settings, by an admin of its subtree. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { updateOrganisation } from '../shared/organisations/organisation-change';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof organisations.organisationUpdate>) =>
  ok(await updateOrganisation(organisationStore, caller, params.orgId, body));

export const handler = httpHandler(organisations.organisationUpdate, handle, { replays: storedReplays });
