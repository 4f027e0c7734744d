/**
 * GET /organisations/{orgId}/dashboard — the subtree's figures for its admins. Answers an ETag
 * (the counted node's version and the series asked for); If-None-Match naming it gets 304.
 */
import { dashboardReader } from '../shared/adapters/dashboard-reader';
import { organisationStore } from '../shared/adapters/organisation-store';
import { organisationDashboard } from '../shared/dashboard/dashboard';
import { dashboard } from '../shared/dashboard/functions';
import { httpHandler, type RequestOf } from '../shared/http/http-handler';
import { matchesTag } from '../shared/news/article';

export const handle = async ({ caller, params, query, headers }: RequestOf<typeof dashboard.organisationDashboard>) => {
  const { answer, tag } = await organisationDashboard({ dashboard: dashboardReader, orgs: organisationStore }, caller, params.orgId, query);
  // Figures change by the second; a console may show a copy 30 s old without asking again.
  const cacheHeaders = { etag: tag, 'cache-control': 'private, max-age=30' };
  if (matchesTag(headers['if-none-match'], tag)) return { status: 304, headers: cacheHeaders };
  return { status: 200, body: answer, headers: cacheHeaders };
};

export const handler = httpHandler(dashboard.organisationDashboard, handle);
