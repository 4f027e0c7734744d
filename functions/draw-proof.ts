/** GET /draws/{drawId}/proof — everything needed to recompute a draw, its ranks and every pass-on. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { drawStore } from '../shared/adapters/draw-store';
import { drawProof } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';

export const handle = async ({ params, query }: RequestOf<typeof draws.drawProof>) => ok(await drawProof({ draws: drawStore }, params.drawId, query.chunk));

export const handler = httpHandler(draws.drawProof, handle);
