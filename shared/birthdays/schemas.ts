/** Request and response shapes for a union's birthday benefit. */
import * as z from 'zod/mini';
import '../schema-locale';

export const BirthdayBenefitBody = z.strictObject({
  status: z.enum(['on', 'off']).check(z.describe('on: members born in a month get a coupon that month')),
  campaignId: z.optional(z.uuid().check(z.describe('The campaign whose coupon rule and merchants the birthday coupon carries; needed to switch on the first time'))),
});

export const BirthdayBenefitView = z.object({
  organisationId: z.string(),
  status: z.enum(['on', 'off']),
  campaignId: z.optional(z.string()),
  updatedBy: z.optional(z.string().check(z.describe('The admin who last switched it'))),
  updatedAt: z.optional(z.string()),
});
