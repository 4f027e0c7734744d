/** DELETE /activities/{activityId}/sign-up — cancel my seat (it passes on) or leave the waiting list. */
import { cancelSignUp } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { activityOfferStore } from '../shared/adapters/activity-offer-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { storedReplays } from '../shared/http/idempotency';

export const handle = async ({ caller, params }: RequestOf<typeof activities.activitySignUpCancel>) =>
  ok(await cancelSignUp({ activities: activityOfferStore }, caller, params.activityId));

export const handler = httpHandler(activities.activitySignUpCancel, handle, { replays: storedReplays });
