/** GET /organisations/{orgId}/children — direct children by name, page by page (index byParent). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { organisationStore } from '../shared/adapters/organisation-store';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ params, query }: RequestOf<typeof organisations.organisationChildren>) =>
  ok(await organisationStore.children(params.orgId, query));

export const handler = httpHandler(organisations.organisationChildren, handle);
