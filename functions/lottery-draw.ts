/** POST /programmes/{programmeId}/cycles/{cycle}/lottery/draw — draw, reveal the seed, select the winners. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { drawLottery } from '../shared/subsidies/subsidies';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params }: RequestOf<typeof subsidies.lotteryDraw>) => ok(await drawLottery({ subsidies: subsidyStore }, caller, params.programmeId, params.cycle));

export const handler = httpHandler(subsidies.lotteryDraw, handle, { replays: storedReplays });
