/** POST /applications/{applicationId}/objections — object to a result on public notice. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { subsidyDependencies } from '../shared/stores';
import { raiseObjection } from '../shared/subsidies/subsidies';

export const handle = async ({ caller, params, body }: RequestOf<'objectionRaise'>) =>
  created(await raiseObjection(subsidyDependencies(), caller, params.applicationId, body.reason));

export const handler = httpHandler('objectionRaise', handle);
