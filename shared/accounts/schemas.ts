/** Request and response shapes for accounts and member profiles (also the OpenAPI source). */
import { z } from 'zod';

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

export const Industry = z.enum(industries).describe('The industry the member works in');

export const MainlandMobile = z
  .string()
  .trim()
  .regex(/^(?:\+?86)?1[3-9]\d{9}$/, 'must be a mainland mobile number of 11 digits starting with 1')
  .transform((value) => value.slice(-11));

const IsoDate = z.iso.date();

export const RegisterMemberBody = z
  .object({
    name: z.string().trim().min(2).max(30).describe('Name as on the ID card'),
    phone: MainlandMobile.describe('Mainland mobile number; stored only as a keyed hash and a masked form'),
    industry: Industry,
    employer: z.string().trim().min(1).max(100).optional(),
    birthday: IsoDate.optional().describe('YYYY-MM-DD'),
  })
  .strict();
export type RegisterMemberBody = z.infer<typeof RegisterMemberBody>;

export const UpdateProfileBody = z
  .object({
    name: z.string().trim().min(2).max(30).optional().describe('Only while not yet verified'),
    phone: MainlandMobile.optional(),
    industry: Industry.optional(),
    employer: z.string().trim().min(1).max(100).optional(),
    birthday: IsoDate.optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'change at least one field' });
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>;

export const MemberView = z.object({
  userId: z.string(),
  name: z.string(),
  phoneMasked: z.string().describe('e.g. 138****5678'),
  industry: Industry,
  employer: z.string().optional(),
  birthday: z.string().optional(),
  verified: z.boolean(),
  registeredAt: z.string(),
  idNumberMasked: z.string().optional().describe('e.g. 4401**********123X, once verified'),
  verifiedAt: z.string().optional(),
  membership: z.object({ organisationId: z.string(), since: z.string() }).optional(),
  request: z
    .object({ kind: z.enum(['join', 'transfer']), organisationId: z.string(), requestedAt: z.string() })
    .optional()
    .describe('A join or transfer waiting for approval'),
});
export type MemberView = z.infer<typeof MemberView>;

export const RoleGrantView = z.object({
  role: z.enum(['admin', 'operator', 'merchant']),
  organisationId: z.string().optional(),
  merchantId: z.string().optional(),
});

export const MeView = z.object({
  userId: z.string(),
  member: MemberView.nullable().describe('The member profile, or null before sign-up'),
  roles: z.array(z.enum(['member', 'admin', 'operator', 'merchant'])),
  grants: z.array(RoleGrantView),
});
export type Industry = z.infer<typeof Industry>;
