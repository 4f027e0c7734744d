/** GET /activities/{activityId}/check-in-code — my signed check-in code, to show as a QR code. */
import { checkInCodeFor } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { checkInCodes } from '../shared/adapters/activity-check-in-codes';
import { activityStore } from '../shared/adapters/activity-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';

export const handle = async ({ caller, params }: RequestOf<typeof activities.activityCheckInCode>) =>
  ok(await checkInCodeFor({ activities: activityStore, codes: checkInCodes }, caller, params.activityId));

export const handler = httpHandler(activities.activityCheckInCode, handle);
