/** GET /me/applications — my subsidy applications, newest first. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { myApplications } from '../shared/subsidies/application-view';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, query }: RequestOf<typeof subsidies.applicationsMine>) => ok(await myApplications({ subsidies: subsidyStore }, caller, query));

export const handler = httpHandler(subsidies.applicationsMine, handle);
