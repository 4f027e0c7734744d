/**
 * The union tree. Every organisation carries its ancestry as a path of ids ("gd/gz/th/"), so
 * "is A under B" is one read of A, whatever the depth.
 */
import type { industries } from '../accounts/schemas';

export type OrganisationKind = 'province' | 'city' | 'county' | 'town' | 'grassroots' | 'industry-federation';

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  parentId?: string;
  /** Ids from the root to this organisation, each followed by "/". */
  path: string;
  /** Industry of a gig-worker federation. */
  industry?: (typeof industries)[number];
  status: 'active' | 'closed';
  /** Whether join requests are approved without an admin. */
  autoApprove: boolean;
  createdAt: string;
}

export const childPath = (parent: Organisation | undefined, id: string) => `${parent?.path ?? ''}${id}/`;

/** True when `organisation` is `ancestor` or lies in its subtree. */
export const isWithin = (organisation: Pick<Organisation, 'path'>, ancestor: Pick<Organisation, 'path'>) =>
  organisation.path.startsWith(ancestor.path);
