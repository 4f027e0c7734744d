/**
 * The members capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions, route } from '../system';
import { DecisionBody, DecisionView, JoinBody, JoinRequestPage, MemberPage, MembershipView, MembershipWithHistory, RequestParams } from './schemas';
import { OrganisationParams, PageQuery } from '../organisations/schemas';

export const members = defineFunctions('members', {
  organisationMembers: route('GET /organisations/{orgId}/members', ['admin', 'operator'], 'List the members of a subtree', { params: OrganisationParams, query: PageQuery, 200: ['A page of members', MemberPage] },
    'Active members of an organisation and everything under it, page by page; each member shown finds the read in her access log.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { organisations: 'read', accounts: 'read', inbox: 'write' } }),
  joinRequestsList: route('GET /organisations/{orgId}/join-requests', ['admin', 'operator'], 'List pending join requests', { params: OrganisationParams, query: PageQuery, 200: ['A page of requests', JoinRequestPage] },
    "A union's pending join and transfer requests; each requester shown finds the read in her access log.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { organisations: 'read', accounts: 'read', inbox: 'write' } }),
  joinRequestDecide: route('POST /organisations/{orgId}/join-requests/{userId}', ['admin', 'operator'], 'Decide a join request', { params: RequestParams, body: DecisionBody, 200: ['The decision', DecisionView] },
    'Approve or reject a join or transfer request.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, REQUEST_NOT_FOUND: 404, MEMBERSHIP_CHANGED: 409, ORGANISATION_CLOSED: 409 }, tables: { organisations: 'read-write', accounts: 'read-write' } }),
  membershipGet: route('GET /me/membership', ['member'], 'My membership and its history', { 200: ['Membership and history', MembershipWithHistory] },
    "The caller's union, pending request and membership history.",
    { tables: { accounts: 'read', organisations: 'read' } }),
  membershipJoin: route('POST /me/membership', ['member'], 'Join a union', { body: JoinBody, 201: ['Joined, or the request recorded', MembershipView] },
    'Join a union: at once where it auto-approves, otherwise pending its admins.',
    { errors: { ALREADY_A_MEMBER: 409, REQUEST_PENDING: 409, ORGANISATION_NOT_FOUND: 404, ORGANISATION_CLOSED: 409, NOT_A_MEMBER_UNION: 400, MEMBERSHIP_CHANGED: 409 }, tables: { accounts: 'read-write', organisations: 'read-write' } }),
  membershipTransfer: route('POST /me/membership/transfer', ['member'], 'Transfer to another union', { body: JoinBody, 201: ['Transferred, or the request recorded', MembershipView] },
    'Transfer to another union; history is kept.',
    { errors: { NOT_A_MEMBER: 409, ALREADY_A_MEMBER: 409, REQUEST_PENDING: 409, ORGANISATION_NOT_FOUND: 404, ORGANISATION_CLOSED: 409, NOT_A_MEMBER_UNION: 400, MEMBERSHIP_CHANGED: 409 }, tables: { accounts: 'read-write', organisations: 'read-write' } }),
  membershipLeave: route('DELETE /me/membership', ['member'], 'Leave my union', { 200: ['Left', MembershipView] },
    'Leave the current union.',
    { errors: { NOT_A_MEMBER: 409, MEMBERSHIP_CHANGED: 409 }, tables: { accounts: 'read-write', organisations: 'read-write' } }),
  membershipRequestWithdraw: route('DELETE /me/membership/request', ['member'], 'Withdraw my pending request', { 200: ['Withdrawn', MembershipView] },
    'Withdraw a pending join or transfer request.',
    { errors: { REQUEST_NOT_FOUND: 404, MEMBERSHIP_CHANGED: 409 }, tables: { accounts: 'read-write', organisations: 'read' } }),
});
