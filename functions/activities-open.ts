/** GET /activities — the activities open to me, soonest first. */
import { activitiesOpenTo } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { activityStore } from '../shared/adapters/activity-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';

export const handle = async ({ caller, query }: RequestOf<typeof activities.activitiesOpen>) =>
  ok(await activitiesOpenTo({ activities: activityStore, orgs: organisationStore }, caller, query));

export const handler = httpHandler(activities.activitiesOpen, handle);
