/**
 * The union tree. Every organisation carries its ancestry as a path of ids ("gd/gz/th/"), so
 * "is A under B" is one read of A, whatever the depth, and "everything under B" is a key prefix.
 */
import { randomBytes } from 'node:crypto';
import type { Industry } from '../accounts/schemas';

export const organisationKinds = ['province', 'city', 'county', 'town', 'grassroots', 'industry-federation'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  parentId?: string;
  /** Ids from the root to this organisation, each followed by "/". */
  path: string;
  /** Industry of a gig-worker federation. */
  industry?: Industry;
  status: 'active' | 'closed';
  /** Whether join requests are approved without an admin. */
  autoApprove: boolean;
  /** Whether a gig-worker join may create the industry federation it needs under this organisation. */
  federationsOnDemand?: boolean;
  /** Direct active members (not the subtree). */
  memberCount: number;
  /** Direct active children. */
  childCount: number;
  createdAt: string;
  updatedAt?: string;
  /** Set while the descendants of a moved organisation are re-pathed: the path it moved from. */
  movingFrom?: string;
}

/** Which kinds may sit directly under which ("town federation → industry federation → grassroots"). */
export const allowedParents: Record<OrganisationKind, OrganisationKind[]> = {
  province: [],
  city: ['province'],
  county: ['city'],
  town: ['county'],
  grassroots: ['city', 'county', 'town', 'industry-federation'],
  'industry-federation': ['city', 'county', 'town'],
};

/** Kinds a member can belong to directly. */
export const memberKinds: OrganisationKind[] = ['grassroots', 'industry-federation'];

export const childPath = (parent: Pick<Organisation, 'path'> | undefined, id: string) => `${parent?.path ?? ''}${id}/`;

/** True when `organisation` is `ancestor` or lies in its subtree. */
export const isWithin = (organisation: Pick<Organisation, 'path'>, ancestor: Pick<Organisation, 'path'>) =>
  organisation.path.startsWith(ancestor.path);

export const depthOf = (path: string) => path.split('/').length - 1;

/**
 * Members are indexed by the first two levels of their union's path (province/city), so one
 * city's members share an index partition and a subtree is a prefix within it.
 */
export const memberPartitionOf = (path: string) => path.split('/').slice(0, 2).join('/');

export const newOrganisationId = () => `o${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').toLowerCase()}`;
