/** GET /me/draws — my entries, with ranks, offers and results. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { drawStore } from '../shared/adapters/draw-store';
import { myEntries } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';

export const handle = async ({ caller, query }: RequestOf<typeof draws.drawsMine>) => ok(await myEntries({ draws: drawStore }, caller, query));

export const handler = httpHandler(draws.drawsMine, handle);
