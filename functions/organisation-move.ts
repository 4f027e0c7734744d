/** POST /organisations/{orgId}/move — move with the whole subtree; descendants follow via the subtreeMoves queue. */
import { httpHandler, type RequestOf } from '../shared/http/http-handler';
import { moveOrganisation } from '../shared/organisations/organisation-move';
import { organisationStore } from '../shared/adapters/organisation-store';
import { queueSubtreeMove } from '../shared/adapters/subtree-moves';
import { storedReplays } from '../shared/http/idempotency';
import { organisations } from '../shared/organisations/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof organisations.organisationMove>) => ({
  status: 202,
  body: await moveOrganisation({ orgs: organisationStore, queueMove: queueSubtreeMove }, caller, params.orgId, body.newParentId),
});

export const handler = httpHandler(organisations.organisationMove, handle, { replays: storedReplays });
