/** PATCH /organisations/{orgId} — rename or change settings, by an admin of its subtree. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { updateOrganisation } from '../shared/organisations/organisation-change';
import { organisationStore } from '../shared/stores';

export const handle = async ({ caller, params, body }: RequestOf<'organisationUpdate'>) =>
  ok(await updateOrganisation(organisationStore(), caller, params.orgId, body));

export const handler = httpHandler('organisationUpdate', handle);
