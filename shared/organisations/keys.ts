/**
 * Key shapes of the organisations table, shared by its adapters (the tree, admin rosters, memberships).
 *   pk ORG#<id>                          sk ORG                the organisation
 *     gsi1pk CHILDREN#<parentId>  gsi1sk <name>#<id>          → index byParent: children by name
 *   pk ORG#<id>                          sk ADMIN#<sub>        who administers it now
 *   pk ORG#<id>                          sk ADMINLOG#<at>#<n>  appointed/removed, by whom, when
 *   pk FEDERATION#<parentId>#<industry>  sk FEDERATION         the one industry federation of a parent
 *   pk MOVES                             sk ORG#<id>           a move whose descendants and members are
 *                                                              still being re-pathed (oldPath, newPath)
 */
import type { Organisation } from './organisation';

export const orgPartition = (id: string) => `ORG#${id}`;
export const orgKey = (id: string) => ({ pk: orgPartition(id), sk: 'ORG' });
export const moveKey = (id: string) => ({ pk: 'MOVES', sk: orgPartition(id) });
export const federationKey = (parentId: string, industry: string) => ({ pk: `FEDERATION#${parentId}#${industry}`, sk: 'FEDERATION' });
export const childKeys = (organisation: Pick<Organisation, 'parentId' | 'name' | 'id'>) =>
  organisation.parentId ? { gsi1pk: `CHILDREN#${organisation.parentId}`, gsi1sk: `${organisation.name}#${organisation.id}` } : {};

export const ADMIN = 'ADMIN#';
export const ADMIN_LOG = 'ADMINLOG#';
export const rosterKey = (organisationId: string, userId: string) => ({ pk: orgPartition(organisationId), sk: `${ADMIN}${userId}` });
export const adminLogKey = (organisationId: string, at: string, nonce: string) => ({ pk: orgPartition(organisationId), sk: `${ADMIN_LOG}${at}#${nonce}` });
