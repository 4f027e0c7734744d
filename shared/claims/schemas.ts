/** Request and response shapes for insurance claims. */
import * as z from 'zod/mini';
import '../schema-locale';
import { OrganisationId } from '../organisations/schemas';
import { pageOf, versioned } from '../schema-shapes';
import { claimKinds, claimStatuses } from './claim';

const statuses = claimStatuses;

export const DocumentDeclaration = z.strictObject({
  fileName: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  sizeBytes: z.number().check(z.int(), z.minimum(1), z.maximum(10 * 1024 * 1024), z.describe('At most 10 MiB')),
});

export const FileClaimBody = z.strictObject({
  policyNo: z.string().check(z.minLength(5), z.maxLength(40)),
  kind: z.enum(claimKinds),
  incidentDate: z.iso.date(),
  amountFen: z.number().check(z.int(), z.minimum(1), z.describe('Amount claimed in fen (1 CNY = 100 fen)')),
  description: z.string().check(z.trim(), z.minLength(10), z.maxLength(2000)),
  documents: z._default(z.array(DocumentDeclaration).check(z.maxLength(10)), []),
});

export const DocumentsBody = z.strictObject({ documents: z.array(DocumentDeclaration).check(z.minLength(1), z.maxLength(10)) });
export const ResubmitBody = z.strictObject({ note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))) });

export const ReviewBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('request-info'), reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)) }),
  z.strictObject({
    decision: z.literal('approve'),
    approvedAmountFen: z.number().check(z.int(), z.minimum(1), z.describe('At most the amount claimed and the cover left')),
    reason: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  }),
  z.strictObject({ decision: z.literal('reject'), reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)) }),
]);

export const ClaimParams = z.object({ claimId: z.uuid() });
export const OrganisationClaimsParams = z.object({ orgId: OrganisationId });
export const ClaimDocumentParams = z.object({ claimId: z.uuid(), documentId: z.uuid() });
export const OrganisationClaimsQuery = z.object({
  status: z.optional(z.enum(statuses)),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

export const ClaimView = z.object({
  claimId: z.string(),
  userId: z.string(),
  policyNo: z.string(),
  organisationId: z.string(),
  kind: z.enum(claimKinds),
  incidentDate: z.string(),
  amountFen: z.number().check(z.int(), z.describe('Amount claimed')),
  description: z.string(),
  documents: z.array(
    z.object({
      documentId: z.string().check(z.describe('Open it with GET /claims/{claimId}/documents/{documentId}')),
      key: z.string(),
      fileName: z.string(),
      contentType: z.string(),
      sizeBytes: z.number().check(z.int()),
      addedAt: z.string(),
    }),
  ),
  status: z.enum(statuses),
  approvedAmountFen: z.optional(z.number().check(z.int())),
  decisionReason: z.optional(z.string()),
  payout: z
    .optional(z.object({ status: z.literal('queued'), amountFen: z.number().check(z.int()), payoutId: z.string() }))
    .check(z.describe('Follow it at GET /me/payouts')),
  ...versioned,
});

export const Upload = z.object({
  documentId: z.string(),
  key: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().check(z.int()),
  uploadUrl: z
    .string()
    .check(z.describe('PUT the file here before expiresAt, with exactly the declared Content-Type and size; anything else is refused (403)')),
  expiresAt: z.string(),
});
export const FiledClaim = z.object({ claim: ClaimView, uploads: z.array(Upload) });
export const Uploads = z.object({ uploads: z.array(Upload) });
export const ClaimWithTimeline = z.extend(ClaimView, {
  timeline: z.array(
    z.object({ at: z.string(), by: z.string(), from: z.optional(z.enum(statuses)), to: z.enum(statuses), note: z.optional(z.string()) }),
  ),
});
export const ClaimPage = pageOf(ClaimView);

export const DocumentViewUrl = z.object({
  documentId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().check(z.int()),
  viewUrl: z.string().check(z.describe('A presigned GET, valid for five minutes; this opening is in the claim\'s access log')),
  expiresAt: z.string(),
});
export const DocumentViewPage = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      by: z.string().check(z.describe('Who asked for the view URL')),
      as: z.enum(['member', 'admin']),
      documentId: z.string(),
      fileName: z.string(),
    }),
  ),
  cursor: z.optional(z.string()),
});
