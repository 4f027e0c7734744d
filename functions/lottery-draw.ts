/** POST /programmes/{programmeId}/cycles/{cycle}/lottery/draw — once the beacon round is out: reveal the secret, mix in the round, select the winners. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { drawLottery } from '../shared/subsidies/subsidies';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';
import { beacon } from '../shared/adapters/beacon';

export const handle = async ({ caller, params }: RequestOf<typeof subsidies.lotteryDraw>) => ok(await drawLottery({ subsidies: subsidyStore, beacon }, caller, params.programmeId, params.cycle));

export const handler = httpHandler(subsidies.lotteryDraw, handle, { replays: storedReplays });
