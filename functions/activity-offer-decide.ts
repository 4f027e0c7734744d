/** POST /activities/{activityId}/offer — accept (before its deadline) or decline my offer of a seat. */
import { decideOffer } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { activityOfferStore } from '../shared/adapters/activity-offer-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { storedReplays } from '../shared/http/idempotency';

export const handle = async ({ caller, params, body }: RequestOf<typeof activities.activityOfferDecide>) =>
  ok(await decideOffer({ activities: activityOfferStore }, caller, params.activityId, body.decision));

export const handler = httpHandler(activities.activityOfferDecide, handle, { replays: storedReplays });
