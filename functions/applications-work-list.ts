/** GET /organisations/{orgId}/applications — the reviewers' work list: a cycle's applications in one status across the subtree. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { workList } from '../shared/subsidies/lists';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params, query }: RequestOf<typeof subsidies.applicationsWorkList>) =>
  ok(await workList({ subsidies: subsidyStore, orgs: organisationStore }, caller, params.orgId, query));

export const handler = httpHandler(subsidies.applicationsWorkList, handle);
