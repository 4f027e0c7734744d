/** Request and response shapes for the union tree. */
import { z } from 'zod';
import { Industry } from '../accounts/schemas';
import { organisationKinds } from './organisation';

export const OrganisationId = z.string().regex(/^[a-z0-9-]{2,40}$/, 'must be an organisation id');

export const OrganisationParams = z.object({ orgId: OrganisationId });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

export const CreateOrganisationBody = z
  .object({
    parentId: OrganisationId,
    name: z.string().trim().min(2).max(80),
    kind: z.enum(organisationKinds).exclude(['province']),
    industry: Industry.optional().describe('Required for an industry federation'),
    autoApprove: z.boolean().default(false),
    federationsOnDemand: z.boolean().optional(),
  })
  .strict();

export const UpdateOrganisationBody = z
  .object({
    name: z.string().trim().min(2).max(80).optional(),
    autoApprove: z.boolean().optional(),
    federationsOnDemand: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'change at least one field' });

export const MoveOrganisationBody = z.object({ newParentId: OrganisationId }).strict();

export const OrganisationView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(organisationKinds),
  parentId: z.string().optional(),
  path: z.string().describe('Ancestor ids from the root, each followed by "/"'),
  industry: Industry.optional(),
  status: z.enum(['active', 'closed']),
  autoApprove: z.boolean(),
  federationsOnDemand: z.boolean().optional(),
  memberCount: z.number().int(),
  childCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
  movingFrom: z.string().optional().describe('Set while its subtree follows a move'),
});

export const OrganisationPage = z.object({ items: z.array(OrganisationView), cursor: z.string().optional() });

export const MoveAccepted = z.object({
  organisation: OrganisationView,
  descendantsMoving: z.boolean().describe('True while descendants and members are being re-pathed in the background'),
});
