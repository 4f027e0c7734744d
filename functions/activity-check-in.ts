/** POST /activities/{activityId}/check-ins — an admin's scan; a repeat answers the first check-in (200). */
import { checkIn } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { checkInCodes } from '../shared/adapters/activity-check-in-codes';
import { activityStore } from '../shared/adapters/activity-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';

export const handle = async ({ caller, params, body }: RequestOf<typeof activities.activityCheckIn>) => {
  const { checkIn: done, repeated } = await checkIn({ activities: activityStore, orgs: organisationStore, codes: checkInCodes }, caller, params.activityId, body);
  if (!repeated) metrics.addMetric('ActivityCheckedIn', 'Count', 1);
  return { status: repeated ? 200 : 201, body: done };
};

export const handler = httpHandler(activities.activityCheckIn, handle);
