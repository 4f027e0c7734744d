/** GET /organisations/{orgId}/children — direct children by name, page by page (index byParent). */
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { organisations } from '../shared/organisations/functions';
import { childrenOf } from '../shared/organisations/organisation-children';

export const handle = async ({ params, query }: RequestOf<typeof organisations.organisationChildren>) =>
  ok(await childrenOf(organisationStore, params.orgId, query));

export const handler = httpHandler(organisations.organisationChildren, handle);
