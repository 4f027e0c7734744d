/** GET /activities/{activityId}/sign-ups?status= — seats, the waiting list or check-ins, for the organiser's admins. */
import { activityRoster } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { activityStore } from '../shared/adapters/activity-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';

export const handle = async ({ caller, params, query }: RequestOf<typeof activities.activityRoster>) =>
  ok(await activityRoster({ activities: activityStore, orgs: organisationStore }, caller, params.activityId, query.status, { limit: query.limit, cursor: query.cursor }));

export const handler = httpHandler(activities.activityRoster, handle);
