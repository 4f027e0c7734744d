/** Request and response shapes for the union tree. */
import * as z from 'zod/mini';
import { withChinese } from '../schema-locale';
import { pageOf } from '../schema-shapes';
import { Industry } from '../accounts/schemas';
import { organisationKinds, type OrganisationKind } from './organisation';

export const OrganisationId = z.string().check(z.regex(/^[a-z0-9-]{2,40}$/, withChinese('must be an organisation id', '须为组织编号')));

export const OrganisationParams = z.object({ orgId: OrganisationId });

export const PageQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

/** Every kind but the root: a province is never created through the API. */
const creatableKinds = organisationKinds.filter((kind): kind is Exclude<OrganisationKind, 'province'> => kind !== 'province');

export const CreateOrganisationBody = z.strictObject({
  parentId: OrganisationId,
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(80)),
  kind: z.enum(creatableKinds),
  industry: z.optional(Industry).check(z.describe('Required for an industry federation')),
  autoApprove: z._default(z.boolean(), false),
  federationsOnDemand: z.optional(z.boolean()),
});

export const UpdateOrganisationBody = z
  .strictObject({
    name: z.optional(z.string().check(z.trim(), z.minLength(2), z.maxLength(80))),
    autoApprove: z.optional(z.boolean()),
    federationsOnDemand: z.optional(z.boolean()),
  })
  .check(z.refine((body) => Object.values(body).some((v) => v !== undefined), { message: withChinese('change at least one field', '请至少修改一个字段') }));

export const MoveOrganisationBody = z.strictObject({ newParentId: OrganisationId });

export const OrganisationView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(organisationKinds),
  parentId: z.optional(z.string()),
  path: z.string().check(z.describe('Ancestor ids from the root, each followed by "/"')),
  industry: z.optional(Industry),
  status: z.enum(['active', 'closed']),
  autoApprove: z.boolean(),
  federationsOnDemand: z.optional(z.boolean()),
  memberCount: z.number().check(z.int()),
  childCount: z.number().check(z.int()),
  createdAt: z.string(),
  updatedAt: z.optional(z.string()),
  movingFrom: z.optional(z.string()).check(z.describe('Set while its subtree follows a move')),
});

export const OrganisationPage = pageOf(OrganisationView);

export const MoveAccepted = z.object({
  organisation: OrganisationView,
  descendantsMoving: z.boolean().check(z.describe('True while descendants and members are being re-pathed in the background')),
});

/** A sign-in subject, as `GET /me` shows it (`userId`). */
export const UserId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, withChinese('must be a user id', '须为用户编号')));

export const AdminParams = z.object({ orgId: OrganisationId, userId: UserId });
export const AppointAdminBody = z.strictObject({ userId: UserId.check(z.describe('The appointee: a registered user (GET /me shows their userId)')) });

export const UnionAdminView = z.object({
  organisationId: z.string(),
  userId: z.string(),
  name: z.optional(z.string()),
  appointedAt: z.string(),
  appointedBy: z.string(),
});
export const UnionAdminPage = pageOf(UnionAdminView);
export const AdminRemoved = z.object({ organisationId: z.string(), userId: z.string(), removedAt: z.string(), removedBy: z.string() });
export const AdminChangePage = z.object({
  items: z.array(
    z.object({ organisationId: z.string(), at: z.string(), by: z.string(), event: z.enum(['appointed', 'removed']), userId: z.string() }),
  ),
  cursor: z.optional(z.string()),
});
