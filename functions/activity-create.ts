/** POST /activities — an admin creates an activity for her subtree. */
import { activityView, createActivity } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { activityStore } from '../shared/adapters/activity-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { storedReplays } from '../shared/http/idempotency';

export const handle = async ({ caller, body }: RequestOf<typeof activities.activityCreate>) =>
  created(activityView(await createActivity({ activities: activityStore, orgs: organisationStore }, caller, body)));

export const handler = httpHandler(activities.activityCreate, handle, { replays: storedReplays });
