/** POST /draws/{drawId}/draw — once the beacon round is out: mix it in, rank every entrant, offer the prizes. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { beacon } from '../shared/adapters/beacon';
import { drawNoticeStore } from '../shared/adapters/draw-notice-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { runDraw } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';
import { storedReplays } from '../shared/http/idempotency';

export const handle = async ({ caller, params }: RequestOf<typeof draws.drawRun>) =>
  ok(await runDraw({ draws: drawNoticeStore, orgs: organisationStore, beacon }, caller, params.drawId));

export const handler = httpHandler(draws.drawRun, handle, { replays: storedReplays });
