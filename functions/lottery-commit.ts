/** POST /programmes/{programmeId}/cycles/{cycle}/lottery/commit — publish the draw's list, the secret's commitment and the beacon round to come. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { commitLottery } from '../shared/subsidies/subsidies';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';
import { beacon } from '../shared/adapters/beacon';

export const handle = async ({ caller, params }: RequestOf<typeof subsidies.lotteryCommit>) =>
  created(await commitLottery({ subsidies: subsidyStore, beacon }, caller, params.programmeId, params.cycle));

export const handler = httpHandler(subsidies.lotteryCommit, handle, { replays: storedReplays });
