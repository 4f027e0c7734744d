/** GET /applications/{applicationId} — an application with its audit trail (its member or an admin of her union chain); an admin's read is logged under the applicant. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { applicationWithTimeline } from '../shared/subsidies/subsidies';
import { accessLog } from '../shared/adapters/access-log';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { logReads, routeKeyOf } from '../shared/privacy/access-log';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params }: RequestOf<typeof subsidies.applicationGet>) => {
  const application = await applicationWithTimeline({ subsidies: subsidyStore, orgs: organisationStore }, caller, params.applicationId);
  // The applicant reading her own logs nothing (logReads leaves the caller out).
  await logReads(accessLog, caller, [application.userId], { route: routeKeyOf(subsidies.applicationGet), what: `subsidy application ${params.applicationId}` });
  return ok(application);
};

export const handler = httpHandler(subsidies.applicationGet, handle);
