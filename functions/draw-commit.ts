/** POST /draws/{drawId}/commit — freeze the list; publish it with the secret's commitment and the beacon round to come. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { beacon } from '../shared/adapters/beacon';
import { drawStore } from '../shared/adapters/draw-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { commitDraw } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';
import { storedReplays } from '../shared/http/idempotency';

export const handle = async ({ caller, params, body }: RequestOf<typeof draws.drawCommit>) =>
  created(await commitDraw({ draws: drawStore, orgs: organisationStore, beacon }, caller, params.drawId, body ?? {}));

export const handler = httpHandler(draws.drawCommit, handle, { replays: storedReplays });
