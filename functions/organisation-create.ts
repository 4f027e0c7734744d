/** POST /organisations — an admin creates a child organisation inside their subtree. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { createOrganisation } from '../shared/organisations/organisation-create';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ caller, body }: RequestOf<typeof organisations.organisationCreate>) =>
  created(await createOrganisation(organisationStore, caller, body));

export const handler = httpHandler(organisations.organisationCreate, handle, { replays: storedReplays });
