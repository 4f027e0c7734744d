/** GET /draws — the draws open to me now. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { drawStore } from '../shared/adapters/draw-store';
import { drawsOpenTo } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';

export const handle = async ({ caller, query }: RequestOf<typeof draws.drawsOpen>) => ok(await drawsOpenTo({ draws: drawStore }, caller, query));

export const handler = httpHandler(draws.drawsOpen, handle);
