/** POST /draws/{drawId}/prize-decision — accept the prize offered to me, or decline it (it passes on). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { drawNoticeStore } from '../shared/adapters/draw-notice-store';
import { decidePrize } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';
import { storedReplays } from '../shared/http/idempotency';

export const handle = async ({ caller, params, body }: RequestOf<typeof draws.prizeDecision>) =>
  ok(await decidePrize({ draws: drawNoticeStore }, caller, params.drawId, body.decision));

export const handler = httpHandler(draws.prizeDecision, handle, { replays: storedReplays });
