/** Response shapes for a member's payouts. */
import { z } from 'zod';

export const PayoutList = z.object({
  items: z.array(
    z.object({
      payoutId: z.string(),
      source: z.object({ kind: z.enum(['subsidy', 'claim']), id: z.string() }),
      amountFen: z.number().int(),
      status: z.enum(['queued', 'batched', 'paid']),
      scheduledFor: z.string(),
      paidAt: z.string().optional(),
      attempt: z.number().int(),
    }),
  ),
});
