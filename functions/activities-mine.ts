/** GET /me/activities — my sign-ups and where each stands. */
import { mySignUps } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { activityStore } from '../shared/adapters/activity-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';

export const handle = async ({ caller, query }: RequestOf<typeof activities.activitiesMine>) =>
  ok(await mySignUps({ activities: activityStore }, caller, query.when, { limit: query.limit, cursor: query.cursor }));

export const handler = httpHandler(activities.activitiesMine, handle);
