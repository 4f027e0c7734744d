/** Request and response shapes for memberships, real-name verification and gig-worker joining. */
import * as z from 'zod/mini';
import '../schema-locale';
import { Industry, outdoorIndustries } from '../accounts/schemas';
import { OrganisationId, OrganisationView } from '../organisations/schemas';
import { approveOrRejectBody, pageOf } from '../schema-shapes';

export const JoinBody = z.strictObject({ organisationId: OrganisationId });

export const MembershipView = z.object({
  membership: z.optional(z.object({ organisationId: z.string(), since: z.string() })),
  request: z.optional(z.object({ kind: z.enum(['join', 'transfer']), organisationId: z.string(), requestedAt: z.string() })),
});

export const HistoryEntryView = z.object({
  at: z.string(),
  event: z.enum(['requested', 'joined', 'rejected', 'left', 'transferred', 'withdrew']),
  organisationId: z.string(),
  fromOrganisationId: z.optional(z.string()),
  by: z.string(),
  reason: z.optional(z.string()),
});

export const MembershipWithHistory = z.extend(MembershipView, { history: z.array(HistoryEntryView) });

export const MemberSummaryView = z.object({
  userId: z.string(),
  name: z.string(),
  industry: Industry,
  verified: z.boolean(),
  organisationId: z.string(),
  since: z.string(),
});
export const MemberPage = pageOf(MemberSummaryView);

export const JoinRequestView = z.object({
  userId: z.string(),
  name: z.string(),
  industry: Industry,
  verified: z.boolean(),
  kind: z.enum(['join', 'transfer']),
  requestedAt: z.string(),
});
export const JoinRequestPage = pageOf(JoinRequestView);

export const RequestParams = z.object({ orgId: OrganisationId, userId: z.string().check(z.minLength(1), z.maxLength(128)) });

export const DecisionBody = approveOrRejectBody(500);

export const DecisionView = z.object({
  userId: z.string(),
  organisationId: z.string(),
  decision: z.enum(['approved', 'rejected']),
  at: z.string(),
});

export const VerifyIdentityBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(60), z.describe('Name exactly as on the resident ID card')),
  idNumber: z.string().check(z.trim(), z.maxLength(18), z.describe('18-character resident ID number; stored only hashed and masked')),
});

export const GigJoinBody = z.strictObject({
  cityId: OrganisationId.check(z.describe('The city where the worker works')),
  industry: z.enum(outdoorIndustries as [typeof outdoorIndustries[number], ...typeof outdoorIndustries[number][]]),
  employer: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))).check(z.describe('Platform or employer')),
});

export const PolicyView = z.object({
  policyNo: z.string(),
  organisationId: z.string(),
  plan: z.literal('gig-worker-accident-medical'),
  coverage: z.object({ accidentMedicalFen: z.number().check(z.int()), accidentalDisabilityOrDeathFen: z.number().check(z.int()) }),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.literal('active'),
  issuedAt: z.string(),
});

export const GigJoinView = z.object({ organisation: OrganisationView, policy: PolicyView });

export const PolicyList = z.object({ items: z.array(PolicyView) });
