/** GET /organisations/{orgId} — one organisation, for any signed-in user. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { OrganisationNotFound } from '../shared/organisations/errors';
import { organisationStore } from '../shared/adapters/organisation-store';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ params }: RequestOf<typeof organisations.organisationGet>) => {
  const organisation = await organisationStore.get(params.orgId);
  if (!organisation) throw new OrganisationNotFound(params.orgId);
  return ok(organisation);
};

export const handler = httpHandler(organisations.organisationGet, handle);
