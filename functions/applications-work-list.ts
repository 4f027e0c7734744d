/** GET /organisations/{orgId}/applications — the reviewers' work list: a cycle's applications in one status across the subtree; each applicant shown is logged under her. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { accessLog } from '../shared/adapters/access-log';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { logReads, routeKeyOf } from '../shared/privacy/access-log';
import { workList } from '../shared/subsidies/lists';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params, query }: RequestOf<typeof subsidies.applicationsWorkList>) => {
  const page = await workList({ subsidies: subsidyStore, orgs: organisationStore }, caller, params.orgId, query);
  await logReads(accessLog, caller, page.items.map((application) => application.userId), {
    route: routeKeyOf(subsidies.applicationsWorkList),
    what: `${page.status} applications to ${page.programmeId} ${page.cycle} in union ${params.orgId}`,
  });
  return ok(page);
};

export const handler = httpHandler(subsidies.applicationsWorkList, handle);
