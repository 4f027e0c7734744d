/** Queues a union's birthday run, or its continuation, on the birthdayBenefits queue. */
import { sendJson } from '../aws/sqs';
import { queueUrl } from '../config';
import type { QueueBirthdayJob } from '../birthdays/birthday-store';

const birthdayBenefits = queueUrl('birthdayBenefits');

export const queueBirthdayJob: QueueBirthdayJob = (job) => sendJson(birthdayBenefits, job);
