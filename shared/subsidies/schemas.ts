/** Request and response shapes for subsidy programmes, applications and lotteries. */
import * as z from 'zod/mini';
import { withChinese } from '../schema-locale';
import { approveOrRejectBody, pageOf, versioned } from '../schema-shapes';
import { applicationStatuses } from './application';
import { BeaconView } from '../beacon/schemas';

const statuses = applicationStatuses;
const ProgrammeId = z.string().check(z.regex(/^[a-z0-9-]{3,40}$/, withChinese('must be a programme id', '须为项目编号')));
const Cycle = z.string().check(z.regex(/^\d{4}(-Q[1-4])?$/, withChinese('must be a cycle such as 2026 or 2026-Q4', '须为 2026 或 2026-Q4 这样的周期')));

export const ProgrammeBody = z.strictObject({
  programmeId: ProgrammeId,
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(100)),
  cycle: z.enum(['annual', 'quarterly']),
  window: z.union([
    z.strictObject({ opens: z.string().check(z.regex(/^\d{2}-\d{2}$/)), closes: z.string().check(z.regex(/^\d{2}-\d{2}$/)) }),
    z.strictObject({ days: z.number().check(z.int(), z.minimum(1), z.maximum(92)) }),
  ]),
  eligibility: z.strictObject({
    verified: z.boolean(),
    minMembershipMonths: z.number().check(z.int(), z.minimum(0), z.maximum(600)),
    levelRequired: z.boolean(),
    obtainedWithinMonths: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(600))),
    unionKinds: z.optional(z.array(z.enum(['grassroots', 'industry-federation'])).check(z.minLength(1))),
  }),
  amount: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('by-level'),
      levels: z.record(z.string().check(z.minLength(1), z.maxLength(40)), z.number().check(z.int(), z.minimum(1))),
    }),
    z.strictObject({ kind: z.literal('fixed'), fen: z.number().check(z.int(), z.minimum(1)) }),
  ]),
  quotaPerCycle: z.number().check(z.int(), z.minimum(1)),
  noticeDays: z.number().check(z.int(), z.minimum(1), z.maximum(60)),
});

export const ProgrammeView = z.object({ ...ProgrammeBody.shape, status: z.enum(['active', 'retired']), createdAt: z.string() });
export const ProgrammeList = z.object({ items: z.array(ProgrammeView) });

export const ProgrammeParams = z.object({ programmeId: ProgrammeId });
const ApplicationStatus = z.enum(statuses);
export const CycleParams = z.object({ programmeId: ProgrammeId, cycle: Cycle });
export const ApplicationParams = z.object({ applicationId: z.uuid() });

export const ApplyBody = z.strictObject({
  documents: z
    ._default(
      z
        .array(
          z.strictObject({
            fileName: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
            contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
            sizeBytes: z.number().check(z.int(), z.minimum(1), z.maximum(10 * 1024 * 1024)),
          }),
        )
        .check(z.maxLength(10)),
      [],
    )
    .check(z.describe('Degree or certificate scans; upload each to its presigned URL')),
  details: z.strictObject({
    level: z
      .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(40)))
      .check(z.describe('Degree or certificate level, one of the programme amount levels')),
    obtainedOn: z.optional(z.iso.date()).check(z.describe('When the degree or certificate was obtained')),
    note: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  }),
});

export const ReviewDecisionBody = approveOrRejectBody(1000);

export const BulkReviewBody = z.strictObject({
  decisions: z
    .array(
      z.strictObject({
        applicationId: z.uuid(),
        decision: z.enum(['approve', 'reject']),
        reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
      }),
    )
    .check(z.minLength(1), z.maxLength(100)),
});

export const ApplicationDocument = z.object({ key: z.string(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().check(z.int()) });

export const ApplicationView = z.object({
  applicationId: z.string(),
  programmeId: z.string(),
  cycle: z.string(),
  userId: z.string(),
  applicantName: z.string(),
  organisationId: z.string(),
  details: z.object({ level: z.optional(z.string()), obtainedOn: z.optional(z.string()), note: z.optional(z.string()) }),
  amountFen: z.number().check(z.int()),
  documents: z.optional(z.array(ApplicationDocument)),
  status: z.enum(statuses),
  decisionReason: z.optional(z.string()),
  noticeEndsAt: z.optional(z.string()),
  objection: z.optional(
    z.object({
      by: z.optional(z.string()).check(z.describe("Who objected: shown to the admins who decide, never to the applicant")),
      reason: z.string(),
      at: z.string(),
    }),
  ),
  objectionDismissedAt: z.optional(z.string()).check(z.describe('An objection was dismissed: the result stands and takes no further objection')),
  ...versioned,
});
/** What the objector gets back: their own objection, not the application. */
export const ObjectionReceipt = z.object({
  applicationId: z.string(),
  reason: z.string(),
  at: z.string(),
});
export const ObjectionBody = z.strictObject({ reason: z.string().check(z.trim(), z.minLength(10), z.maxLength(2000)) });
export const ObjectionDecisionBody = z.strictObject({ decision: z.enum(['uphold', 'dismiss']).check(z.describe('uphold: the result is rejected; dismiss: it goes back on notice')), reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)) });
export const ApplicationPage = pageOf(ApplicationView);
export const ApplicationWithTimeline = z.extend(ApplicationView, {
  timeline: z.array(
    z.object({ at: z.string(), by: z.string(), from: z.optional(z.enum(statuses)), to: z.enum(statuses), why: z.optional(z.string()) }),
  ),
});
export const BulkReviewResult = z.object({
  results: z.array(z.object({ applicationId: z.string(), status: z.optional(z.enum(statuses)), error: z.optional(z.string()) })),
});

export const LotteryView = z.object({
  programmeId: z.string(),
  cycle: z.string(),
  quota: z.number().check(z.int()),
  eligible: z.array(z.string()).check(z.describe('Sorted ids of the approved applications in the draw')),
  commitment: z.string().check(z.describe('sha256 hex of the secret, published with the list before the draw')),
  committedAt: z.string(),
  beacon: z.optional(BeaconView),
  secret: z.optional(z.string().check(z.describe('The committed secret, revealed once drawn'))),
  seed: z.optional(z.string().check(z.describe('sha256_hex(secret + beacon randomness): what the winners are drawn with, once drawn'))),
  drawnAt: z.optional(z.string()),
  selected: z.optional(z.number().check(z.int(), z.describe('How many the draw put on notice; storage refuses more than the quota'))),
  algorithm: z.optional(z.string()),
  winners: z.optional(z.array(z.string())),
});
export const DrawResult = z.object({
  programmeId: z.string(),
  cycle: z.string(),
  drawn: z.number().check(z.int()),
  selected: z.number().check(z.int()),
});

export const AppliedWithUploads = z.extend(ApplicationView, {
  uploads: z.array(z.object({ key: z.string(), fileName: z.string(), uploadUrl: z.string(), expiresAt: z.string() })),
});

export const CloseCycleBody = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(500), z.describe('Why the cycle closes before its window ends; recorded with who and when')),
});
export const CycleClosureView = z.object({
  programmeId: z.string(),
  cycle: z.string(),
  closedAt: z.string(),
  closedBy: z.string(),
  reason: z.string(),
  early: z.boolean().check(z.describe('Closed by an operator before the window ended')),
});

/** The reviewers' work list: a cycle's applications in one status across the admin's subtree. */
export const WorkListQuery = z.object({
  programmeId: ProgrammeId,
  cycle: z.optional(Cycle).check(z.describe('Default: the cycle running now')),
  status: z._default(ApplicationStatus, 'pending-review').check(z.describe('pending-review: to decide; objected: objections waiting for a decision')),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export const WorkListPage = z.object({
  programmeId: z.string(),
  cycle: z.string(),
  status: ApplicationStatus,
  items: z.array(ApplicationView),
  cursor: z.optional(z.string()),
});

/** The public notice (公示) of a cycle's results: only what a notice shows. */
export const NoticePage = z.object({
  programmeId: z.string(),
  programmeName: z.string(),
  cycle: z.string(),
  items: z.array(
    z.object({
      applicationId: z.string().check(z.describe('What to object to: POST /applications/{applicationId}/objections')),
      name: z.string().check(z.describe('The applicant, masked: family name only (张*)')),
      unionName: z.string(),
      amountFen: z.number().check(z.int()),
      noticeEndsAt: z.string().check(z.describe('Objections are taken until then')),
      objectionsOpen: z.boolean().check(z.describe('Whether an objection would be taken now (false while one waits for its decision, or once one was dismissed)')),
    }),
  ),
  cursor: z.optional(z.string()),
});
