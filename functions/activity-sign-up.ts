/** POST /activities/{activityId}/sign-up — a seat, or a place on the waiting list when full. */
import { signUpFor } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { activityStore } from '../shared/adapters/activity-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { storedReplays } from '../shared/http/idempotency';
import { metrics } from '../shared/observability';

export const handle = async ({ caller, params }: RequestOf<typeof activities.activitySignUp>) => {
  const place = await signUpFor({ activities: activityStore, orgs: organisationStore }, caller, params.activityId);
  metrics.addMetric(place.status === 'waiting' ? 'ActivityWaitlisted' : 'ActivitySignedUp', 'Count', 1);
  return created(place);
};

export const handler = httpHandler(activities.activitySignUp, handle, { replays: storedReplays });
