/** DELETE /organisations/{orgId} — close (never delete) an empty organisation. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { closeOrganisation } from '../shared/organisations/organisation-change';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ caller, params }: RequestOf<typeof organisations.organisationClose>) =>
  ok(await closeOrganisation(organisationStore, caller, params.orgId));

export const handler = httpHandler(organisations.organisationClose, handle, { replays: storedReplays });
