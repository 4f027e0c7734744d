/** Queues the notices of a closed or cancelled activity on the activityNotices queue. */
import { sendJson } from '../aws/sqs';
import { queueUrl } from '../config';
import type { QueueActivityNotices } from '../activities/activity-store';

const activityNotices = queueUrl('activityNotices');

export const queueActivityNotices: QueueActivityNotices = (message) => sendJson(activityNotices, message);
