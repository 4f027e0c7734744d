/** POST /programmes/{programmeId}/cycles/{cycle}/lottery/commit — publish the draw's list and seed commitment. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { subsidyDependencies } from '../shared/stores';
import { commitLottery } from '../shared/subsidies/subsidies';

export const handle = async ({ caller, params }: RequestOf<'lotteryCommit'>) =>
  created(await commitLottery(subsidyDependencies(), caller, params.programmeId, params.cycle));

export const handler = httpHandler('lotteryCommit', handle);
