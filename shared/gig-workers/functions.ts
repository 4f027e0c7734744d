/**
 * The gig-workers capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions } from '../system';
import { GigJoinBody, GigJoinView, PolicyList } from '../members/schemas';

export const gigWorkers = defineFunctions('gig-workers', {
  gigWorkerJoin: {
    entry: 'functions/gig-worker-join.ts',
    description: 'Gig-worker "three in one": join the industry federation and receive the protection plan.',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/gig-workers/join',
      access: { roles: ['member'] },
      tag: 'members',
      summary: 'Join as a gig worker, with the gifted protection',
      request: { body: GigJoinBody },
      responses: { 201: { description: 'The federation joined and the policy', schema: GigJoinView } },
      errors: {
        ALREADY_A_MEMBER: 409,
        REQUEST_PENDING: 409,
        NO_FEDERATION: 409,
        ORGANISATION_NOT_FOUND: 404,
        ORGANISATION_CLOSED: 409,
        INVALID_PLACEMENT: 400,
        MEMBERSHIP_CHANGED: 409,
      },
    },
    tables: { accounts: 'read-write', organisations: 'read-write' },
  },
  policiesList: {
    entry: 'functions/policies-list.ts',
    description: "The caller's protection policies.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/me/policies',
      access: { roles: ['member'] },
      tag: 'members',
      summary: 'My protection policies',
      responses: { 200: { description: 'Policies', schema: PolicyList } },
    },
    tables: { accounts: 'read' },
  },
});
