/** Request and response shapes for insurance claims. */
import { z } from 'zod';
import { OrganisationId } from '../organisations/schemas';
import { claimKinds } from './claim';

const statuses = ['submitted', 'more-info-requested', 'approved', 'rejected'] as const;

export const DocumentDeclaration = z
  .object({
    fileName: z.string().trim().min(1).max(120),
    contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
    sizeBytes: z.number().int().min(1).max(10 * 1024 * 1024).describe('At most 10 MiB'),
  })
  .strict();

export const FileClaimBody = z
  .object({
    policyNo: z.string().min(5).max(40),
    kind: z.enum(claimKinds),
    incidentDate: z.iso.date(),
    amountFen: z.number().int().min(1).describe('Amount claimed in fen (1 CNY = 100 fen)'),
    description: z.string().trim().min(10).max(2000),
    documents: z.array(DocumentDeclaration).max(10).default([]),
  })
  .strict();

export const DocumentsBody = z.object({ documents: z.array(DocumentDeclaration).min(1).max(10) }).strict();
export const ResubmitBody = z.object({ note: z.string().trim().min(1).max(2000).optional() }).strict();

export const ReviewBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('request-info'), reason: z.string().trim().min(1).max(2000) }).strict(),
  z.object({ action: z.literal('approve'), amountFen: z.number().int().min(1), reason: z.string().trim().max(2000).optional() }).strict(),
  z.object({ action: z.literal('reject'), reason: z.string().trim().min(1).max(2000) }).strict(),
]);

export const ClaimParams = z.object({ claimId: z.uuid() });
export const OrganisationClaimsParams = z.object({ orgId: OrganisationId });
export const OrganisationClaimsQuery = z.object({
  status: z.enum(statuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

export const ClaimView = z.object({
  claimId: z.string(),
  userId: z.string(),
  policyNo: z.string(),
  organisationId: z.string(),
  kind: z.enum(claimKinds),
  incidentDate: z.string(),
  amountClaimedFen: z.number().int(),
  description: z.string(),
  documents: z.array(z.object({ key: z.string(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), addedAt: z.string() })),
  status: z.enum(statuses),
  approvedAmountFen: z.number().int().optional(),
  decisionReason: z.string().optional(),
  payout: z.object({ status: z.literal('queued'), amountFen: z.number().int(), payoutId: z.string() }).optional().describe('Follow it at GET /me/payouts'),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const Upload = z.object({ key: z.string(), fileName: z.string(), uploadUrl: z.string(), expiresAt: z.string() });
export const FiledClaim = z.object({ claim: ClaimView, uploads: z.array(Upload) });
export const Uploads = z.object({ uploads: z.array(Upload) });
export const ClaimWithTimeline = ClaimView.extend({
  timeline: z.array(z.object({ at: z.string(), by: z.string(), from: z.enum(statuses).optional(), to: z.enum(statuses), note: z.string().optional() })),
});
export const ClaimPage = z.object({ items: z.array(ClaimView), cursor: z.string().optional() });
