/** GET /applications/{applicationId} — an application with its audit trail (its member or an admin of her union chain). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { applicationWithTimeline } from '../shared/subsidies/subsidies';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params }: RequestOf<typeof subsidies.applicationGet>) =>
  ok(await applicationWithTimeline({ subsidies: subsidyStore, orgs: organisationStore }, caller, params.applicationId));

export const handler = httpHandler(subsidies.applicationGet, handle);
