/**
 * Consumer of the activityNotices queue: tells everyone on a closed or cancelled activity's lists
 * through the inbox, page by page; carries on in a new message when time runs out. Each notice's
 * id and time come from the event, so a redelivered message writes nothing twice.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { tellMembers } from '../shared/activities/activities';
import { queueActivityNotices } from '../shared/adapters/activity-notices';
import { activityOfferStore } from '../shared/adapters/activity-offer-store';
import { logger } from '../shared/observability';

const ActivityNoticesMessage = z.object({
  activityId: z.string(),
  kind: z.enum(['activity-closed', 'activity-cancelled']),
  cursor: z.optional(z.string()),
});
const processor = new BatchProcessor(EventType.SQS);

// Leave time to send the continuation before Lambda stops us.
const SAFETY_MS = 20_000;

export const handler = (event: SQSEvent, context: Context) =>
  processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const message = ActivityNoticesMessage.parse(JSON.parse(record.body));
      const deadline = Date.now() + Math.max(1_000, context.getRemainingTimeInMillis() - SAFETY_MS);
      const report = await tellMembers({ activities: activityOfferStore }, message, deadline);
      if (!report.done) await queueActivityNotices({ ...message, cursor: report.cursor });
      logger.info(report.done ? 'Activity notices delivered' : 'Activity notices continue in a new message', { ...message, told: report.told, already: report.already });
    },
    processor,
    { context },
  );
