/** GET /organisations/{orgId}/children — direct children by name, page by page (index byParent). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { organisationStore } from '../shared/stores';

export const handle = async ({ params, query }: RequestOf<'organisationChildren'>) =>
  ok(await organisationStore().children(params.orgId, query));

export const handler = httpHandler('organisationChildren', handle);
