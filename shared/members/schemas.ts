/** Request and response shapes for memberships, real-name verification and gig-worker joining. */
import { z } from 'zod';
import { Industry, outdoorIndustries } from '../accounts/schemas';
import { OrganisationId, OrganisationView } from '../organisations/schemas';

export const JoinBody = z.object({ organisationId: OrganisationId }).strict();

export const MembershipView = z.object({
  membership: z.object({ organisationId: z.string(), since: z.string() }).optional(),
  request: z.object({ kind: z.enum(['join', 'transfer']), organisationId: z.string(), requestedAt: z.string() }).optional(),
});

export const HistoryEntryView = z.object({
  at: z.string(),
  event: z.enum(['requested', 'joined', 'rejected', 'left', 'transferred', 'withdrew']),
  organisationId: z.string(),
  fromOrganisationId: z.string().optional(),
  by: z.string(),
  reason: z.string().optional(),
});

export const MembershipWithHistory = MembershipView.extend({ history: z.array(HistoryEntryView) });

export const MemberSummaryView = z.object({
  userId: z.string(),
  name: z.string(),
  industry: Industry,
  verified: z.boolean(),
  organisationId: z.string(),
  since: z.string(),
});
export const MemberPage = z.object({ items: z.array(MemberSummaryView), cursor: z.string().optional() });

export const JoinRequestView = z.object({
  userId: z.string(),
  name: z.string(),
  industry: Industry,
  verified: z.boolean(),
  kind: z.enum(['join', 'transfer']),
  requestedAt: z.string(),
});
export const JoinRequestPage = z.object({ items: z.array(JoinRequestView), cursor: z.string().optional() });

export const RequestParams = z.object({ orgId: OrganisationId, userId: z.string().min(1).max(128) });

export const DecisionBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict()
  .refine((body) => body.decision === 'approve' || body.reason, { message: 'a rejection needs a reason', path: ['reason'] });

export const DecisionView = z.object({
  userId: z.string(),
  organisationId: z.string(),
  decision: z.enum(['approved', 'rejected']),
  at: z.string(),
});

export const VerifyIdentityBody = z
  .object({
    name: z.string().trim().min(2).max(60).describe('Name exactly as on the resident ID card'),
    idNumber: z.string().trim().max(18).describe('18-character resident ID number; stored only hashed and masked'),
  })
  .strict();

export const GigJoinBody = z
  .object({
    cityId: OrganisationId.describe('The city where the worker works'),
    industry: z.enum(outdoorIndustries as [typeof outdoorIndustries[number], ...typeof outdoorIndustries[number][]]),
    employer: z.string().trim().min(1).max(100).optional().describe('Platform or employer'),
  })
  .strict();

export const PolicyView = z.object({
  policyNo: z.string(),
  organisationId: z.string(),
  plan: z.literal('gig-worker-accident-medical'),
  coverage: z.object({ accidentMedicalFen: z.number().int(), accidentalDisabilityOrDeathFen: z.number().int() }),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.literal('active'),
  issuedAt: z.string(),
});

export const GigJoinView = z.object({ organisation: OrganisationView, policy: PolicyView });

export const PolicyList = z.object({ items: z.array(PolicyView) });
