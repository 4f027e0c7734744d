/** POST /programmes/{programmeId}/cycles/{cycle}/lottery/draw — draw, reveal the seed, select the winners. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyDependencies } from '../shared/stores';
import { drawLottery } from '../shared/subsidies/subsidies';

export const handle = async ({ caller, params }: RequestOf<'lotteryDraw'>) => ok(await drawLottery(subsidyDependencies(), caller, params.programmeId, params.cycle));

export const handler = httpHandler('lotteryDraw', handle);
