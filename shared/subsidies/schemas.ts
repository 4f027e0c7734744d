/** Request and response shapes for subsidy programmes, applications and lotteries. */
import { z } from 'zod';

const statuses = ['pending-review', 'approved', 'rejected', 'in-notice', 'objected', 'not-selected', 'payable'] as const;
const ProgrammeId = z.string().regex(/^[a-z0-9-]{3,40}$/, 'must be a programme id');
const Cycle = z.string().regex(/^\d{4}(-Q[1-4])?$/, 'must be a cycle such as 2026 or 2026-Q4');

export const ProgrammeBody = z
  .object({
    programmeId: ProgrammeId,
    name: z.string().trim().min(2).max(100),
    cycle: z.enum(['annual', 'quarterly']),
    window: z.union([
      z.object({ opens: z.string().regex(/^\d{2}-\d{2}$/), closes: z.string().regex(/^\d{2}-\d{2}$/) }).strict(),
      z.object({ days: z.number().int().min(1).max(92) }).strict(),
    ]),
    eligibility: z
      .object({
        verified: z.boolean(),
        minMembershipMonths: z.number().int().min(0).max(600),
        levelRequired: z.boolean(),
        obtainedWithinMonths: z.number().int().min(1).max(600).optional(),
        unionKinds: z.array(z.enum(['grassroots', 'industry-federation'])).min(1).optional(),
      })
      .strict(),
    amount: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('by-level'), levels: z.record(z.string().min(1).max(40), z.number().int().min(1)) }).strict(),
      z.object({ kind: z.literal('fixed'), fen: z.number().int().min(1) }).strict(),
    ]),
    quotaPerCycle: z.number().int().min(1),
    noticeDays: z.number().int().min(1).max(60),
  })
  .strict();

export const ProgrammeView = ProgrammeBody.extend({ status: z.enum(['active', 'retired']), createdAt: z.string() });
export const ProgrammeList = z.object({ items: z.array(ProgrammeView) });

export const ProgrammeParams = z.object({ programmeId: ProgrammeId });
export const CycleParams = z.object({ programmeId: ProgrammeId, cycle: Cycle });
export const ApplicationParams = z.object({ applicationId: z.uuid() });

export const ApplyBody = z
  .object({
    documents: z
      .array(
        z
          .object({
            fileName: z.string().trim().min(1).max(120),
            contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
            sizeBytes: z.number().int().min(1).max(10 * 1024 * 1024),
          })
          .strict(),
      )
      .max(10)
      .default([])
      .describe('Degree or certificate scans; upload each to its presigned URL'),
    details: z
      .object({
        level: z.string().trim().min(1).max(40).optional().describe('Degree or certificate level, one of the programme amount levels'),
        obtainedOn: z.iso.date().optional().describe('When the degree or certificate was obtained'),
        note: z.string().trim().max(1000).optional(),
      })
      .strict(),
  })
  .strict();

export const ReviewDecisionBody = z
  .object({ decision: z.enum(['approve', 'reject']), reason: z.string().trim().min(1).max(1000).optional() })
  .strict()
  .refine((body) => body.decision === 'approve' || body.reason, { message: 'a rejection needs a reason', path: ['reason'] });

export const BulkReviewBody = z
  .object({
    decisions: z
      .array(z.object({ applicationId: z.uuid(), decision: z.enum(['approve', 'reject']), reason: z.string().trim().min(1).max(1000).optional() }).strict())
      .min(1)
      .max(100),
  })
  .strict();

export const ApplicationDocument = z.object({ key: z.string(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int() });

export const ApplicationView = z.object({
  applicationId: z.string(),
  programmeId: z.string(),
  cycle: z.string(),
  userId: z.string(),
  applicantName: z.string(),
  organisationId: z.string(),
  details: z.object({ level: z.string().optional(), obtainedOn: z.string().optional(), note: z.string().optional() }),
  amountFen: z.number().int(),
  documents: z.array(ApplicationDocument).optional(),
  status: z.enum(statuses),
  decisionReason: z.string().optional(),
  noticeEndsAt: z.string().optional(),
  objection: z.object({ by: z.string(), reason: z.string(), at: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export const ObjectionBody = z.object({ reason: z.string().trim().min(10).max(2000) }).strict();
export const ObjectionDecisionBody = z.object({ uphold: z.boolean(), reason: z.string().trim().min(1).max(2000) }).strict();
export const ApplicationPage = z.object({ items: z.array(ApplicationView), cursor: z.string().optional() });
export const ApplicationWithTimeline = ApplicationView.extend({
  timeline: z.array(z.object({ at: z.string(), by: z.string(), from: z.enum(statuses).optional(), to: z.enum(statuses), why: z.string().optional() })),
});
export const BulkReviewResult = z.object({
  results: z.array(z.object({ applicationId: z.string(), status: z.enum(statuses).optional(), error: z.string().optional() })),
});

export const LotteryView = z.object({
  programmeId: z.string(),
  cycle: z.string(),
  quota: z.number().int(),
  eligible: z.array(z.string()).describe('Sorted ids of the approved applications in the draw'),
  commitment: z.string().describe('sha256 hex of the seed, published before the draw'),
  committedAt: z.string(),
  seed: z.string().optional().describe('Revealed once drawn'),
  drawnAt: z.string().optional(),
  algorithm: z.string().optional(),
  winners: z.array(z.string()).optional(),
});
export const DrawResult = z.object({ programmeId: z.string(), cycle: z.string(), drawn: z.number().int(), selected: z.number().int() });

export const AppliedWithUploads = ApplicationView.extend({
  uploads: z.array(z.object({ key: z.string(), fileName: z.string(), uploadUrl: z.string(), expiresAt: z.string() })),
});
