/** Response shapes for a member's payouts. */
import * as z from 'zod/mini';
import '../schema-locale';

export const PayoutList = z.object({
  items: z.array(
    z.object({
      payoutId: z.string(),
      source: z.object({ kind: z.enum(['subsidy', 'claim']), id: z.string() }),
      amountFen: z.number().check(z.int()),
      status: z.enum(['queued', 'batched', 'paid']),
      scheduledFor: z.string(),
      paidAt: z.optional(z.string()),
      attempt: z.number().check(z.int()),
    }),
  ),
});
