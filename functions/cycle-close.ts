/** POST /programmes/{programmeId}/cycles/{cycle}/close — an operator closes a cycle to applications early, saying why. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { closeCycleEarly } from '../shared/subsidies/subsidies';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof subsidies.cycleClose>) =>
  created(await closeCycleEarly({ subsidies: subsidyStore }, caller, params.programmeId, params.cycle, body.reason));

export const handler = httpHandler(subsidies.cycleClose, handle, { replays: storedReplays });
