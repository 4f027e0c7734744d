/**
 * Consumer of the birthdayBenefits queue: grants one union's members born in the month their
 * birthday coupon, and carries on in a new message when its time runs out. Partial batch
 * responses; every grant is guarded per member and month, so a redelivered message gives nothing twice.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { grantBirthdays } from '../shared/birthdays/birthday-run';
import { logger, metrics } from '../shared/observability';
import { birthdayRunStore } from '../shared/adapters/birthday-run-store';
import { queueBirthdayJob } from '../shared/adapters/birthday-jobs';
import { couponStore } from '../shared/adapters/coupon-store';
import { organisationStore } from '../shared/adapters/organisation-store';

const BirthdayJobMessage = z.object({ organisationId: z.string(), month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)), cursor: z.optional(z.string()) });
const processor = new BatchProcessor(EventType.SQS);

// Leave time to send the continuation before Lambda stops us.
const SAFETY_MS = 30_000;

export const handler = (event: SQSEvent, context: Context) =>
  processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const job = BirthdayJobMessage.parse(JSON.parse(record.body));
      const deadline = Date.now() + Math.max(1_000, context.getRemainingTimeInMillis() - SAFETY_MS);
      const result = await grantBirthdays({ birthdays: birthdayRunStore, coupons: couponStore, orgs: organisationStore, continueLater: queueBirthdayJob }, job, deadline);
      logger.info(result.done ? 'Birthday run finished' : 'Birthday run continues in a new message', { organisationId: job.organisationId, month: job.month, ...result, cursor: undefined });
      if (result.granted > 0) {
        metrics.addMetric('BirthdayCouponGranted', 'Count', result.granted);
        metrics.publishStoredMetrics();
      }
    },
    processor,
    { context },
  );
