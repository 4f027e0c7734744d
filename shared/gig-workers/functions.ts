/**
 * The gig-workers capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions, route } from '../system';
import { GigJoinBody, GigJoinView, PolicyList } from '../members/schemas';

export const gigWorkers = defineFunctions('gig-workers', {
  gigWorkerJoin: route('POST /gig-workers/join', ['member'], 'Join as a gig worker, with the gifted protection', { body: GigJoinBody, 201: ['The federation joined and the policy', GigJoinView] },
    'Gig-worker "three in one": join the industry federation and receive the protection plan.',
    { errors: { ALREADY_A_MEMBER: 409, REQUEST_PENDING: 409, NO_FEDERATION: 409, ORGANISATION_NOT_FOUND: 404, ORGANISATION_CLOSED: 409, INVALID_PLACEMENT: 400, MEMBERSHIP_CHANGED: 409 }, tables: { accounts: 'read-write', organisations: 'read-write' } }),
  policiesList: route('GET /me/policies', ['member'], 'My protection policies', { 200: ['Policies', PolicyList] },
    "The caller's protection policies.",
    { tables: { accounts: 'read' } }),
}, { tag: 'members' });
