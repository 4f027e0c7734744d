/** GET /activities/{activityId}/sign-ups?status= — seats, the waiting list or check-ins, for the organiser's admins; each member shown is logged under her. */
import { activityRoster } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { accessLog } from '../shared/adapters/access-log';
import { activityStore } from '../shared/adapters/activity-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { logReads, routeKeyOf } from '../shared/privacy/access-log';

export const handle = async ({ caller, params, query }: RequestOf<typeof activities.activityRoster>) => {
  const page = await activityRoster({ activities: activityStore, orgs: organisationStore }, caller, params.activityId, query.status, { limit: query.limit, cursor: query.cursor });
  await logReads(accessLog, caller, page.items.map((entry) => entry.userId), { route: routeKeyOf(activities.activityRoster), what: `${query.status} list of activity ${params.activityId}` });
  return ok(page);
};

export const handler = httpHandler(activities.activityRoster, handle);
