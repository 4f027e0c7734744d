/** Shapes many capabilities' schemas share: a page of a list, an approve-or-reject decision, a record changed by version. */
import * as z from 'zod/mini';
import { withChinese } from './schema-locale';

/** A page of a list: its items and, when there are more, the cursor to the next page. */
export const pageOf = <T extends z.core.SomeType>(item: T) => z.object({ items: z.array(item), cursor: z.optional(z.string()) });

/** An approval or a rejection; a rejection needs a reason (of at most `reasonMax` characters). */
export const approveOrRejectBody = (reasonMax: number) =>
  z
    .strictObject({
      decision: z.enum(['approve', 'reject']),
      reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(reasonMax))),
    })
    .check(z.refine((body) => body.decision === 'approve' || body.reason, { message: withChinese('a rejection needs a reason', '驳回须说明理由'), path: ['reason'] }));

/** When a record was made and last changed, and its version (each change goes over the version read). */
export const versioned = {
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
};
