/** POST /draws — an operator, or an admin for her subtree, defines a prize draw. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { drawStore } from '../shared/adapters/draw-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { createDraw } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';
import { storedReplays } from '../shared/http/idempotency';

export const handle = async ({ caller, body }: RequestOf<typeof draws.drawCreate>) => created(await createDraw({ draws: drawStore, orgs: organisationStore }, caller, body));

export const handler = httpHandler(draws.drawCreate, handle, { replays: storedReplays });
