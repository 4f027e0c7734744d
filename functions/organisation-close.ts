/** DELETE /organisations/{orgId} — close (never delete) an empty organisation. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { closeOrganisation } from '../shared/organisations/organisation-change';
import { organisationStore } from '../shared/stores';

export const handle = async ({ caller, params }: RequestOf<'organisationClose'>) =>
  ok(await closeOrganisation(organisationStore(), caller, params.orgId));

export const handler = httpHandler('organisationClose', handle);
