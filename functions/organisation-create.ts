/** POST /organisations — an admin creates a child organisation inside their subtree. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { createOrganisation } from '../shared/organisations/organisation-create';
import { organisationStore } from '../shared/stores';

export const handle = async ({ caller, body }: RequestOf<'organisationCreate'>) =>
  created(await createOrganisation(organisationStore(), caller, body));

export const handler = httpHandler('organisationCreate', handle);
