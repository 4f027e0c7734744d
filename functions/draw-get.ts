/** GET /draws/{drawId} — a draw: prizes, window, status, counts, commitment and beacon round. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { drawStore } from '../shared/adapters/draw-store';
import { drawView } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';

export const handle = async ({ params }: RequestOf<typeof draws.drawGet>) => ok(await drawView({ draws: drawStore }, params.drawId));

export const handler = httpHandler(draws.drawGet, handle);
