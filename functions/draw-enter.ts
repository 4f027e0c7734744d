/** POST /draws/{drawId}/entries — a verified member of the audience enters, once. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { drawStore } from '../shared/adapters/draw-store';
import { enterDraw } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';
import { storedReplays } from '../shared/http/idempotency';

export const handle = async ({ caller, params }: RequestOf<typeof draws.drawEnter>) => created(await enterDraw({ draws: drawStore }, caller, params.drawId));

export const handler = httpHandler(draws.drawEnter, handle, { replays: storedReplays });
