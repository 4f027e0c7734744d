/**
 * Consumer of the activityNotices queue: tells everyone on a closed or cancelled activity's lists
 * through the inbox, page by page; carries on in a new message when time runs out. Each notice's
 * id and time come from the event, so a redelivered message writes nothing twice.
 */
import * as z from 'zod/mini';
import { continuingWorker } from '../shared/aws/continuing-worker';
import { tellMembers } from '../shared/activities/activities';
import { queueActivityNotices } from '../shared/adapters/activity-notices';
import { activityOfferStore } from '../shared/adapters/activity-offer-store';
import { logger } from '../shared/observability';

const ActivityNoticesMessage = z.object({
  activityId: z.string(),
  kind: z.enum(['activity-closed', 'activity-cancelled']),
  cursor: z.optional(z.string()),
});

// The deadline leaves 20 s to send the continuation before Lambda stops us.
export const handler = continuingWorker(
  ActivityNoticesMessage,
  async (message, deadline) => {
    const report = await tellMembers({ activities: activityOfferStore }, message, deadline);
    if (!report.done) await queueActivityNotices({ ...message, cursor: report.cursor });
    logger.info(report.done ? 'Activity notices delivered' : 'Activity notices continue in a new message', { ...message, told: report.told, already: report.already });
  },
  { safetyMs: 20_000 },
);
