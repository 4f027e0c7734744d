/**
 * The organisations capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { consumer, defineFunctions, route } from '../system';
import { AdminChangePage, AdminParams, AdminRemoved, AppointAdminBody, UnionAdminPage, UnionAdminView, CreateOrganisationBody, MoveAccepted, MoveOrganisationBody, OrganisationPage, OrganisationParams, OrganisationView, PageQuery, UpdateOrganisationBody } from './schemas';

export const organisations = defineFunctions('organisations', {
  organisationCreate: route('POST /organisations', ['admin', 'operator'], 'Create a child organisation', { body: CreateOrganisationBody, 201: ['The new organisation', OrganisationView] },
    'An admin creates a child organisation inside their subtree.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, INVALID_PLACEMENT: 400, ORGANISATION_CLOSED: 409, ORGANISATION_CHANGED: 409 }, tables: { organisations: 'read-write' } }),
  organisationGet: route('GET /organisations/{orgId}', 'signed-in', 'Read an organisation', { params: OrganisationParams, 200: ['The organisation', OrganisationView] },
    'One organisation of the tree.',
    { errors: { ORGANISATION_NOT_FOUND: 404 }, tables: { organisations: 'read' } }),
  organisationChildren: route('GET /organisations/{orgId}/children', 'signed-in', 'List the children of an organisation', { params: OrganisationParams, query: PageQuery, 200: ['A page of children', OrganisationPage] },
    'Direct children of an organisation by name, page by page.',
    { errors: { ORGANISATION_NOT_FOUND: 404 }, tables: { organisations: 'read' } }),
  organisationUpdate: route('PATCH /organisations/{orgId}', ['admin', 'operator'], 'Rename or change settings', { params: OrganisationParams, body: UpdateOrganisationBody, 200: ['The organisation', OrganisationView] },
    'Rename an organisation or change its settings.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, ORGANISATION_CLOSED: 409 }, tables: { organisations: 'read-write' } }),
  organisationClose: route('DELETE /organisations/{orgId}', ['admin', 'operator'], 'Close an organisation', { params: OrganisationParams, 200: ['The closed organisation', OrganisationView] },
    'Close an organisation with no active children and no members; the record is kept.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, ORGANISATION_CLOSED: 409, ORGANISATION_NOT_EMPTY: 409, ROOT_CANNOT_CLOSE: 403 }, tables: { organisations: 'read-write' } }),
  organisationMove: route('POST /organisations/{orgId}/move', ['admin', 'operator'], 'Move an organisation and its subtree', { params: OrganisationParams, body: MoveOrganisationBody, 202: ['Moved; descendants follow in the background', MoveAccepted] },
    'Move an organisation with its whole subtree under another parent.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, INVALID_PLACEMENT: 400, ORGANISATION_CLOSED: 409, ORGANISATION_CHANGED: 409, ORGANISATION_MOVING: 409 }, tables: { organisations: 'read-write' }, sendsTo: ['subtreeMoves'] }),
  subtreeMoveWorker: consumer({ queue: 'subtreeMoves', batchSize: 1 },
    'Re-paths the descendants, members, claims and subsidy applications of a moved organisation.',
    { tables: { organisations: 'read-write', accounts: 'read-write', claims: 'read-write', subsidies: 'read-write' }, sendsTo: ['subtreeMoves'], timeoutSeconds: 300 }),
  adminAppoint: route('POST /organisations/{orgId}/admins', ['admin', 'operator'], 'Appoint an admin', { params: OrganisationParams, body: AppointAdminBody, 201: ['The appointment', UnionAdminView] },
    'Appoint an admin of a union: an admin within her subtree, an operator anywhere; effective on the next request.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, ORGANISATION_CLOSED: 409, USER_NOT_FOUND: 404, ALREADY_ADMIN: 409 }, tables: { organisations: 'read-write', accounts: 'read-write' } }),
  adminRemove: route('DELETE /organisations/{orgId}/admins/{userId}', ['admin', 'operator'], 'Remove an admin', { params: AdminParams, 200: ['The removal', AdminRemoved] },
    "Remove an admin of a union (also its last: the admins above it still act on it); effective on the next request.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, ADMIN_NOT_FOUND: 404 }, tables: { organisations: 'read-write', accounts: 'read-write' } }),
  adminsList: route('GET /organisations/{orgId}/admins', ['admin', 'operator'], "List a union's admins", { params: OrganisationParams, query: PageQuery, 200: ['A page of admins', UnionAdminPage] },
    "A union's own admins (appointed through the API), for the admins of its subtree.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { organisations: 'read' } }),
  adminChanges: route('GET /organisations/{orgId}/admin-changes', ['admin', 'operator'], "The record of a union's admin changes", { params: OrganisationParams, query: PageQuery, 200: ['A page of changes', AdminChangePage] },
    "Every appointment and removal of a union's admins: who, when, whom; newest first.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { organisations: 'read' } }),
});
