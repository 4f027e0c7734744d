/**
 * Consumer of the birthdayBenefits queue: grants one union's members born in the month their
 * birthday coupon, and carries on in a new message when its time runs out. Partial batch
 * responses; every grant is guarded per member and month, so a redelivered message gives nothing twice.
 */
import * as z from 'zod/mini';
import { continuingWorker } from '../shared/aws/continuing-worker';
import { grantBirthdays } from '../shared/birthdays/birthday-run';
import { logger, metrics } from '../shared/observability';
import { birthdayRunStore } from '../shared/adapters/birthday-run-store';
import { queueBirthdayJob } from '../shared/adapters/birthday-jobs';
import { couponStore } from '../shared/adapters/coupon-store';
import { organisationStore } from '../shared/adapters/organisation-store';

const BirthdayJobMessage = z.object({ organisationId: z.string(), month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)), cursor: z.optional(z.string()) });

// The deadline leaves 30 s to send the continuation before Lambda stops us.
export const handler = continuingWorker(
  BirthdayJobMessage,
  async (job, deadline) => {
    const result = await grantBirthdays({ birthdays: birthdayRunStore, coupons: couponStore, orgs: organisationStore, continueLater: queueBirthdayJob }, job, deadline);
    logger.info(result.done ? 'Birthday run finished' : 'Birthday run continues in a new message', { organisationId: job.organisationId, month: job.month, ...result, cursor: undefined });
    if (result.granted > 0) {
      metrics.addMetric('BirthdayCouponGranted', 'Count', result.granted);
      metrics.publishStoredMetrics();
    }
  },
  { safetyMs: 30_000 },
);
