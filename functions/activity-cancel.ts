/** POST /activities/{activityId}/cancel — cancel an activity; everyone on its lists is told through the inbox. */
import { changeActivityStatus } from '../shared/activities/activities';
import { activities } from '../shared/activities/functions';
import { queueActivityNotices } from '../shared/adapters/activity-notices';
import { activityStore } from '../shared/adapters/activity-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { storedReplays } from '../shared/http/idempotency';

const deps = { activities: activityStore, orgs: organisationStore, queueNotices: queueActivityNotices };

export const handle = async ({ caller, params, body }: RequestOf<typeof activities.activityCancel>) =>
  ok(await changeActivityStatus(deps, caller, params.activityId, 'cancelled', body.reason));

export const handler = httpHandler(activities.activityCancel, handle, { replays: storedReplays });
