/** GET /programmes/{programmeId}/cycles/{cycle}/notice — the public notice (公示) of a cycle's results. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { publicNotice } from '../shared/subsidies/lists';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ params, query }: RequestOf<typeof subsidies.noticeList>) =>
  ok(await publicNotice({ subsidies: subsidyStore, orgs: organisationStore }, params.programmeId, params.cycle, query));

export const handler = httpHandler(subsidies.noticeList, handle);
