/** POST /organisations/{orgId}/move — move with the whole subtree; descendants follow via the subtreeMoves queue. */
import { httpHandler, type RequestOf } from '../shared/http/http-handler';
import { moveOrganisation } from '../shared/organisations/organisation-move';
import { organisationStore, queueSubtreeMove } from '../shared/stores';

export const handle = async ({ caller, params, body }: RequestOf<'organisationMove'>) => ({
  status: 202,
  body: await moveOrganisation({ orgs: organisationStore(), queueMove: queueSubtreeMove }, caller, params.orgId, body.newParentId),
});

export const handler = httpHandler('organisationMove', handle);
