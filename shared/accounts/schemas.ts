/** Request and response shapes for accounts and member profiles (also the OpenAPI source). */
import * as z from 'zod/mini';
import { withChinese } from '../schema-locale';

export const industries = [
  'courier',
  'food-delivery',
  'truck-driving',
  'ride-hailing',
  'sanitation',
  'construction',
  'other',
] as const;

/** The six outdoor industries of the "cool delivery" campaign and the gig-worker federations. */
export const outdoorIndustries = industries.filter((i) => i !== 'other');

export const Industry = z.enum(industries).check(z.describe('The industry the member works in'));

export const MainlandMobile = z.pipe(
  z.string().check(z.trim(), z.regex(/^(?:\+?86)?1[3-9]\d{9}$/, withChinese('must be a mainland mobile number of 11 digits starting with 1', '须为 1 开头的 11 位大陆手机号码'))),
  z.transform((value: string) => value.slice(-11)),
);

const IsoDate = z.iso.date();

export const RegisterMemberBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(30), z.describe('Name as on the ID card')),
  phone: MainlandMobile.check(z.describe('Mainland mobile number; stored only as a keyed hash and a masked form')),
  industry: Industry,
  employer: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  birthday: z.optional(IsoDate).check(z.describe('YYYY-MM-DD')),
});
export type RegisterMemberBody = z.infer<typeof RegisterMemberBody>;

export const UpdateProfileBody = z
  .strictObject({
    name: z.optional(z.string().check(z.trim(), z.minLength(2), z.maxLength(30))).check(z.describe('Only while not yet verified')),
    phone: z.optional(MainlandMobile),
    industry: z.optional(Industry).check(z.describe('Counts from the next day (Asia/Shanghai); the current industry again cancels a pending change')),
    employer: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
    birthday: z.optional(IsoDate).check(z.describe('Only while not yet verified: the verified ID number fixes it')),
  })
  .check(z.refine((body) => Object.values(body).some((v) => v !== undefined), { message: withChinese('change at least one field', '请至少修改一个字段') }));
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>;

export const MemberView = z.object({
  userId: z.string(),
  name: z.string(),
  phoneMasked: z.string().check(z.describe('e.g. 138****5678')),
  industry: Industry.check(z.describe('The industry in effect today')),
  industryChange: z
    .optional(z.object({ industry: Industry, effectiveFrom: z.string() }))
    .check(z.describe('A change of industry and the first day (YYYY-MM-DD, Asia/Shanghai) it counts: the next day after it was asked')),
  employer: z.optional(z.string()),
  birthday: z.optional(z.string()).check(z.describe('YYYY-MM-DD; once verified, the one in the ID number')),
  verified: z.boolean(),
  registeredAt: z.string(),
  idNumberMasked: z.optional(z.string()).check(z.describe('e.g. 4401**********123X, once verified')),
  verifiedAt: z.optional(z.string()),
  membership: z.optional(z.object({ organisationId: z.string(), since: z.string() })),
  request: z
    .optional(z.object({ kind: z.enum(['join', 'transfer']), organisationId: z.string(), requestedAt: z.string() }))
    .check(z.describe('A join or transfer waiting for approval')),
});
export type MemberView = z.infer<typeof MemberView>;

export const RoleGrantView = z.object({
  role: z.enum(['admin', 'operator', 'merchant']),
  organisationId: z.optional(z.string()),
  merchantId: z.optional(z.string()),
});

export const MeView = z.object({
  userId: z.string(),
  member: z.nullable(MemberView).check(z.describe('The member profile, or null before sign-up')),
  roles: z.array(z.enum(['member', 'admin', 'operator', 'merchant'])),
  grants: z.array(RoleGrantView),
});
export type Industry = z.infer<typeof Industry>;
