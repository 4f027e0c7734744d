/** POST /applications/{applicationId}/objections — object to a result on public notice. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { raiseObjection } from '../shared/subsidies/subsidies';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof subsidies.objectionRaise>) =>
  created(await raiseObjection({ subsidies: subsidyStore }, caller, params.applicationId, body.reason));

export const handler = httpHandler(subsidies.objectionRaise, handle, { replays: storedReplays });
