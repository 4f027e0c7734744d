/** GET /activities/{activityId} — one activity, for its audience and its organiser's admins. */
import { activityFor } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { activityStore } from '../shared/adapters/activity-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';

export const handle = async ({ caller, params }: RequestOf<typeof activities.activityGet>) =>
  ok(await activityFor({ activities: activityStore, orgs: organisationStore }, caller, params.activityId));

export const handler = httpHandler(activities.activityGet, handle);
