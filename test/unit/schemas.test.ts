/**
 * Pins what the request schemas (zod/mini) accept, what they turn it into and what they answer,
 * since the messages reach API clients as `errors[].message`. This file imports no classic `zod`,
 * so the English default messages below come from `shared/schema-locale.ts` alone.
 */
import { describe, expect, it } from 'vitest';
import { toJSONSchema, type $ZodType } from 'zod/v4/core';
import { MeView, RegisterMemberBody, UpdateProfileBody } from '../../shared/accounts/schemas';
import { DocumentsBody, FileClaimBody, OrganisationClaimsQuery, ReviewBody } from '../../shared/claims/schemas';
import { CampaignBody, CampaignDayParams, CouponParams, RedeemBody } from '../../shared/coupons/schemas';
import { DecisionBody, GigJoinBody, RequestParams, VerifyIdentityBody } from '../../shared/members/schemas';
import { CreateOrganisationBody, OrganisationId, PageQuery, UpdateOrganisationBody } from '../../shared/organisations/schemas';
import { PayoutList } from '../../shared/payouts/schemas';
import { HealthView } from '../../shared/platform/schemas';
import { ApplyBody, BulkReviewBody, CycleParams, ObjectionBody, ProgrammeBody, ProgrammeView, ReviewDecisionBody } from '../../shared/subsidies/schemas';

type Schema = $ZodType & { safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };

/** The parsed value, or fails the test with the issues. */
function accepted(schema: Schema, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`refused: ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

/** Each issue as `path: message`, the way a problem response lists them. */
function refused(schema: Schema, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`accepted: ${JSON.stringify(result.data)}`);
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('accounts', () => {
  const member = { name: 'Li Ailing', phone: '13800138001', industry: 'courier' };

  it('trims before checking length, and keeps the trimmed value', () => {
    expect(accepted(RegisterMemberBody, { ...member, name: '  Li  ' })).toMatchObject({ name: 'Li' });
    expect(refused(RegisterMemberBody, { ...member, name: '   L   ' })).toEqual(['name: Too small: expected string to have >=2 characters']);
    expect(refused(RegisterMemberBody, { ...member, name: ` ${'x'.repeat(31)} ` })).toEqual(['name: Too big: expected string to have <=30 characters']);
  });

  it('normalises a mainland mobile to its 11 digits and says what a valid one is', () => {
    expect(accepted(RegisterMemberBody, { ...member, phone: ' +8613800138001 ' })).toMatchObject({ phone: '13800138001' });
    expect(refused(RegisterMemberBody, { ...member, phone: '12800138001' })).toEqual([
      'phone: must be a mainland mobile number of 11 digits starting with 1',
    ]);
  });

  it('refuses unknown keys, unknown industries and impossible dates', () => {
    expect(refused(RegisterMemberBody, { ...member, industry: 'pilot', birthday: '2026-02-30', role: 'admin' })).toEqual([
      'industry: Invalid option: expected one of "courier"|"food-delivery"|"truck-driving"|"ride-hailing"|"sanitation"|"construction"|"other"',
      'birthday: Invalid ISO date',
      ': Unrecognized key: "role"',
    ]);
  });

  it('needs at least one field to change a profile', () => {
    expect(refused(UpdateProfileBody, {})).toEqual([': change at least one field']);
    expect(refused(UpdateProfileBody, { name: undefined })).toEqual([': change at least one field']);
    expect(accepted(UpdateProfileBody, { employer: ' SF Express ' })).toEqual({ employer: 'SF Express' });
  });
});

describe('claims', () => {
  const claim = { policyNo: 'GW-2026-0001', kind: 'accident-medical', incidentDate: '2026-03-01', amountFen: 12_000, description: 'Fell off the scooter' };

  it('defaults documents to none and checks each declaration', () => {
    expect(accepted(FileClaimBody, claim)).toMatchObject({ documents: [] });
    expect(refused(FileClaimBody, { ...claim, amountFen: 1.5, description: '   too short   ' })).toEqual([
      'amountFen: Invalid input: expected int, received number',
      'description: Too small: expected string to have >=10 characters',
    ]);
    const document = { fileName: ' scan.pdf ', contentType: 'application/pdf', sizeBytes: 1024 };
    expect(accepted(DocumentsBody, { documents: [document] })).toEqual({ documents: [{ ...document, fileName: 'scan.pdf' }] });
    expect(refused(DocumentsBody, { documents: [{ ...document, contentType: 'image/gif', sizeBytes: 10 * 1024 * 1024 + 1, pages: 2 }] })).toEqual([
      'documents.0.contentType: Invalid option: expected one of "image/jpeg"|"image/png"|"application/pdf"',
      'documents.0.sizeBytes: Too big: expected number to be <=10485760',
      'documents.0: Unrecognized key: "pages"',
    ]);
    expect(refused(DocumentsBody, { documents: [] })).toEqual(['documents: Too small: expected array to have >=1 items']);
  });

  it('tells review decisions apart and keeps each strict', () => {
    expect(accepted(ReviewBody, { decision: 'approve', approvedAmountFen: 100 })).toEqual({ decision: 'approve', approvedAmountFen: 100 });
    expect(refused(ReviewBody, { decision: 'escalate' })).toEqual([
      "decision: Invalid discriminator value. Expected 'request-info' | 'approve' | 'reject'",
    ]);
    expect(refused(ReviewBody, { decision: 'reject', reason: '   ' })).toEqual(['reason: Too small: expected string to have >=1 characters']);
    expect(refused(ReviewBody, { decision: 'request-info', reason: 'Need the invoice', amountFen: 1 })).toEqual([': Unrecognized key: "amountFen"']);
  });

  it('coerces query numbers and applies the default page size', () => {
    expect(accepted(OrganisationClaimsQuery, {})).toEqual({ limit: 50 });
    expect(accepted(OrganisationClaimsQuery, { limit: '25', status: 'approved' })).toEqual({ limit: 25, status: 'approved' });
    expect(refused(OrganisationClaimsQuery, { limit: 'abc' })).toEqual(['limit: Invalid input: expected number, received NaN']);
    expect(refused(OrganisationClaimsQuery, { limit: '1.5' })).toEqual(['limit: Invalid input: expected int, received number']);
    expect(refused(OrganisationClaimsQuery, { limit: '101' })).toEqual(['limit: Too big: expected number to be <=100']);
  });
});

describe('coupons', () => {
  const campaign = {
    name: '  Cool delivery  ',
    audience: { industries: ['courier'], organisationId: 'guangzhou' },
    firstDay: '2026-07-01',
    lastDay: '2026-08-31',
    releaseTime: '10:00',
    dailyQuota: 1000,
    rule: { thresholdFen: 3000, discountFen: 1000 },
    validityDays: 7,
    perMemberPerCampaign: 10,
    merchants: ['m-1'],
  };

  it('applies defaults, trims the name and keeps nested objects strict', () => {
    expect(accepted(CampaignBody, campaign)).toMatchObject({
      name: 'Cool delivery',
      audience: { verifiedOnly: true },
      perMemberPerDay: 1,
    });
    expect(refused(CampaignBody, { ...campaign, audience: { ...campaign.audience, industries: [], city: 'x' } })).toEqual([
      'audience.industries: Too small: expected array to have >=1 items',
      'audience: Unrecognized key: "city"',
    ]);
  });

  it('uses the custom pattern messages', () => {
    expect(refused(CampaignBody, { ...campaign, releaseTime: '24:00' })).toEqual(['releaseTime: must be HH:MM']);
    expect(refused(CouponParams, { code: 'abcdefgh2345' })).toEqual(['code: must be a 12-character coupon code']);
    expect(accepted(CouponParams, { code: 'ABCDEFGH2345' })).toEqual({ code: 'ABCDEFGH2345' });
    expect(refused(CampaignDayParams, { campaignId: 'x', day: '2026-7-1' })).toEqual(['campaignId: Invalid UUID', 'day: Invalid ISO date']);
    expect(refused(RedeemBody, { orderFen: 0 })).toEqual(['orderFen: Too small: expected number to be >=1']);
  });
});

describe('members', () => {
  it('needs a reason to reject, reported on the reason', () => {
    expect(accepted(DecisionBody, { decision: 'approve' })).toEqual({ decision: 'approve' });
    expect(refused(DecisionBody, { decision: 'reject' })).toEqual(['reason: a rejection needs a reason']);
    // The refinement still runs when a field failed (nothing aborts): the trimmed reason is empty.
    expect(refused(DecisionBody, { decision: 'reject', reason: '   ' })).toEqual([
      'reason: Too small: expected string to have >=1 characters',
      'reason: a rejection needs a reason',
    ]);
  });

  it('trims identity fields before checking them', () => {
    expect(accepted(VerifyIdentityBody, { name: ' Li Ailing ', idNumber: ' 44010619900101123X ' })).toEqual({
      name: 'Li Ailing',
      idNumber: '44010619900101123X',
    });
    expect(refused(VerifyIdentityBody, { name: 'Li Ailing', idNumber: '44010619900101123XX' })).toEqual([
      'idNumber: Too big: expected string to have <=18 characters',
    ]);
  });

  it('lets gig workers join only in the outdoor industries', () => {
    expect(accepted(GigJoinBody, { cityId: 'guangzhou', industry: 'food-delivery' })).toEqual({ cityId: 'guangzhou', industry: 'food-delivery' });
    expect(refused(GigJoinBody, { cityId: 'guangzhou', industry: 'other' })).toEqual([
      'industry: Invalid option: expected one of "courier"|"food-delivery"|"truck-driving"|"ride-hailing"|"sanitation"|"construction"',
    ]);
    expect(refused(RequestParams, { orgId: 'Guangzhou', userId: '' })).toEqual([
      'orgId: must be an organisation id',
      'userId: Too small: expected string to have >=1 characters',
    ]);
  });
});

describe('organisations', () => {
  it('never creates a province, and defaults auto-approval off', () => {
    expect(accepted(CreateOrganisationBody, { parentId: 'guangdong', name: ' Guangzhou ', kind: 'city' })).toEqual({
      parentId: 'guangdong',
      name: 'Guangzhou',
      kind: 'city',
      autoApprove: false,
    });
    expect(refused(CreateOrganisationBody, { parentId: 'guangdong', name: 'Guangdong', kind: 'province' })).toEqual([
      'kind: Invalid option: expected one of "city"|"county"|"town"|"grassroots"|"industry-federation"',
    ]);
    expect(refused(OrganisationId, 'x')).toEqual([': must be an organisation id']);
  });

  it('needs a change, and pages through query strings', () => {
    expect(refused(UpdateOrganisationBody, {})).toEqual([': change at least one field']);
    expect(refused(UpdateOrganisationBody, { name: 'Y', colour: 'red' })).toEqual([
      'name: Too small: expected string to have >=2 characters',
      ': Unrecognized key: "colour"',
    ]);
    expect(accepted(PageQuery, { limit: ' 7 ', cursor: 'abc' })).toEqual({ limit: 7, cursor: 'abc' });
    expect(refused(PageQuery, { limit: '0' })).toEqual(['limit: Too small: expected number to be >=1']);
  });
});

describe('subsidies', () => {
  const programme = {
    programmeId: 'degree-bonus',
    name: 'Degree bonus',
    cycle: 'annual',
    window: { opens: '03-01', closes: '03-31' },
    eligibility: { verified: true, minMembershipMonths: 12, levelRequired: true },
    amount: { kind: 'by-level', levels: { bachelor: 50_000 } },
    quotaPerCycle: 100,
    noticeDays: 7,
  };

  it('takes either kind of window and amount, each strict', () => {
    expect(accepted(ProgrammeBody, { ...programme, window: { days: 30 }, amount: { kind: 'fixed', fen: 100 } })).toMatchObject({ window: { days: 30 } });
    expect(refused(ProgrammeBody, { ...programme, window: { days: 93 } })).toEqual(['window.days: Too big: expected number to be <=92']);
    expect(refused(ProgrammeBody, { ...programme, amount: { kind: 'by-level', levels: { '': 100 } } })).toEqual(['amount.levels.: Invalid key in record']);
    expect(refused(ProgrammeBody, { ...programme, amount: { kind: 'by-level', levels: { bachelor: 0 } } })).toEqual([
      'amount.levels.bachelor: Too small: expected number to be >=1',
    ]);
    expect(refused(ProgrammeBody, { ...programme, programmeId: 'DB' })).toEqual(['programmeId: must be a programme id']);
    expect(refused(CycleParams, { programmeId: 'degree-bonus', cycle: '2026-Q5' })).toEqual(['cycle: must be a cycle such as 2026 or 2026-Q4']);
  });

  it('defaults the documents of an application and keeps details strict', () => {
    expect(accepted(ApplyBody, { details: { level: ' bachelor ' } })).toEqual({ documents: [], details: { level: 'bachelor' } });
    expect(refused(ApplyBody, { details: { level: 'bachelor', school: 'x' } })).toEqual(['details: Unrecognized key: "school"']);
  });

  it('checks reasons after trimming and needs one to reject', () => {
    expect(refused(ObjectionBody, { reason: '    not fair    ' })).toEqual(['reason: Too small: expected string to have >=10 characters']);
    expect(accepted(ObjectionBody, { reason: '  not fair at all  ' })).toEqual({ reason: 'not fair at all' });
    expect(refused(ReviewDecisionBody, { decision: 'reject' })).toEqual(['reason: a rejection needs a reason']);
    expect(refused(BulkReviewBody, { decisions: [] })).toEqual(['decisions: Too small: expected array to have >=1 items']);
    expect(refused(BulkReviewBody, { decisions: [{ applicationId: 'x', decision: 'approve' }] })).toEqual(['decisions.0.applicationId: Invalid UUID']);
  });
});

describe('response shapes', () => {
  it('parse what the handlers answer', () => {
    expect(accepted(HealthView, { status: 'ok', service: 'union-benefits', stage: 'test', time: '2026-01-01T00:00:00Z' })).toBeTruthy();
    const payout = { payoutId: 'p1', source: { kind: 'claim', id: 'c1' }, amountFen: 100, status: 'queued', scheduledFor: '2026-01-02', attempt: 0 };
    expect(accepted(PayoutList, { items: [payout] })).toEqual({ items: [payout] });
    expect(refused(PayoutList, { items: [{ ...payout, amountFen: 1.5 }] })).toEqual(['items.0.amountFen: Invalid input: expected int, received number']);
    expect(accepted(MeView, { userId: 'u1', member: null, roles: [], grants: [] })).toBeTruthy();
  });
});

describe('JSON Schema for the OpenAPI document', () => {
  const json = (schema: $ZodType, io: 'input' | 'output' = 'input') => toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, any>;

  it('keeps descriptions, defaults, strictness and bounds', () => {
    const register = json(RegisterMemberBody);
    expect(register.additionalProperties).toBe(false);
    expect(register.required).toEqual(['name', 'phone', 'industry']);
    expect(register.properties.name).toEqual({ type: 'string', minLength: 2, maxLength: 30, description: 'Name as on the ID card' });
    expect(register.properties.birthday.description).toBe('YYYY-MM-DD');
    expect(json(FileClaimBody).properties.documents).toMatchObject({ type: 'array', maxItems: 10, default: [] });
    expect(json(PageQuery).properties.limit).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 50 });
    expect(json(CreateOrganisationBody).properties.kind.enum).toEqual(['city', 'county', 'town', 'grassroots', 'industry-federation']);
    expect(json(ApplyBody).properties.documents.description).toBe('Degree or certificate scans; upload each to its presigned URL');
    expect(json(ProgrammeView, 'output').properties.status).toEqual({ type: 'string', enum: ['active', 'retired'] });
  });
});
