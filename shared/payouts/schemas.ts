/** Response shapes for a member's payouts. */
import * as z from 'zod/mini';
import { withChinese } from '../schema-locale';

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

const batchStatuses = ['forming', 'created', 'submitted', 'settled'] as const;

export const BatchesQuery = z.object({
  status: z.optional(z.enum(batchStatuses).check(z.describe('Only batches in this status (forming, created, submitted, settled); all when absent'))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

export const BatchParams = z.object({ batchNo: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, withChinese('must be a batch number', '须为批次号'))) });

const BatchHead = z.object({
  batchNo: z.string(),
  account: z.string().check(z.describe('The merchant account that pays it')),
  totalFen: z.number().check(z.int()),
  status: z.enum(batchStatuses),
  createdAt: z.string(),
  queuedAt: z.optional(z.string()),
  submittedAt: z.optional(z.string()),
  settledAt: z.optional(z.string()),
});

export const BatchPage = z.object({ items: z.array(BatchHead), cursor: z.optional(z.string()) });

export const BatchView = z.object({
  ...BatchHead.shape,
  items: z.array(
    z.object({
      payoutId: z.string(),
      itemNo: z.string().check(z.describe('The number the item was sent under in this batch (<payoutId>-<attempt>)')),
      recipient: z.string(),
      amountFen: z.number().check(z.int()),
      source: z.optional(z.object({ kind: z.enum(['subsidy', 'claim']), id: z.string() })),
      status: z.enum(['queued', 'batched', 'paid', 'failed']).check(z.describe('paid; batched: with the provider; failed: the provider refused it under this number (queued again under the next); queued: not sent under it')),
      paidAt: z.optional(z.string()),
      failure: z.optional(z.object({ reason: z.optional(z.string().check(z.describe("The provider's reason"))), at: z.string() })),
    }),
  ).check(z.describe('Every item of the batch (at most 1,000), in batch order')),
});
