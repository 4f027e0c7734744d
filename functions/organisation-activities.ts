/** GET /organisations/{orgId}/activities — the activities of a union's whole subtree, for its admins. */
import { organisationActivities } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { activityStore } from '../shared/adapters/activity-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';

export const handle = async ({ caller, params, query }: RequestOf<typeof activities.organisationActivities>) =>
  ok(await organisationActivities({ activities: activityStore, orgs: organisationStore }, caller, params.orgId, query));

export const handler = httpHandler(activities.organisationActivities, handle);
