/** GET /applications/{applicationId} — an application with its audit trail (its member or an admin of her union chain). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyDependencies } from '../shared/stores';
import { applicationWithTimeline } from '../shared/subsidies/subsidies';

export const handle = async ({ caller, params }: RequestOf<'applicationGet'>) =>
  ok(await applicationWithTimeline(subsidyDependencies(), caller, params.applicationId));

export const handler = httpHandler('applicationGet', handle);
