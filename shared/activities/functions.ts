/**
 * The activities capability's functions: routes with their roles and schemas, the offer expiry
 * schedule and the notice worker, and what each touches. A handler imports only its own
 * capability's definitions.
 */
import { consumer, defineFunctions, route, schedule } from '../system';
import { OrganisationParams, PageQuery } from '../organisations/schemas';
import {
  ActivitiesQuery,
  ActivityPage,
  ActivityParams,
  ActivityView,
  CheckInBody,
  CheckInCode,
  CreateActivityBody,
  MyActivitiesQuery,
  MySignUpPage,
  OfferDecisionBody,
  ReasonBody,
  RosterEntry,
  RosterPage,
  RosterQuery,
  SignUpView,
} from './schemas';

export const activities = defineFunctions('activities', {
  activityCreate: route('POST /activities', ['admin', 'operator'], 'Create an activity', { body: CreateActivityBody, 201: ['The activity', ActivityView] },
    'An admin creates an activity for her subtree (or a part of it): times, place, capacity, sign-up window, audience.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { activities: 'read-write', organisations: 'read' } }),
  activitiesOpen: route('GET /activities', ['member'], 'Activities open to me', { query: ActivitiesQuery, 200: ['A page of activities, soonest first', ActivityPage] },
    "The activities open to the caller — her union's and every union's above it that target her — soonest first (no scan: one index partition per audience union, merged).",
    { tables: { activities: 'read', organisations: 'read' } }),
  activityGet: route('GET /activities/{activityId}', ['member', 'admin', 'operator'], 'An activity', { params: ActivityParams, 200: ['The activity with its seats and waiting list counts', ActivityView] },
    "One activity, for the members it is for and its organiser's admins.",
    { errors: { ACTIVITY_NOT_FOUND: 404 }, tables: { activities: 'read', organisations: 'read' } }),
  organisationActivities: route('GET /organisations/{orgId}/activities', ['admin', 'operator'], "List the activities of a union's subtree", { params: OrganisationParams, query: PageQuery, 200: ['A page of activities', ActivityPage] },
    "The activities organised anywhere in a union's subtree, for its admins.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { activities: 'read', organisations: 'read' } }),
  // A popular activity's opening brings its members at once; their transactions on the one
  // activity item are serialised by DynamoDB anyway, so a few dozen executions keep it busy.
  activitySignUp: route('POST /activities/{activityId}/sign-up', ['member'], 'Sign up for an activity', { params: ActivityParams, 201: ['A seat (signed-up) or a place on the waiting list (waiting, with its position)', SignUpView] },
    'Sign up: a seat and the sign-up are one conditional transaction (never over capacity); when full, a place on the waiting list in arrival order.',
    { errors: { ACTIVITY_NOT_FOUND: 404, SIGN_UP_NOT_OPEN: 425, SIGN_UP_CLOSED: 410, ACTIVITY_CANCELLED: 410, ALREADY_SIGNED_UP: 409 }, tables: { activities: 'read-write', organisations: 'read' }, concurrency: 50 }),
  activitySignUpCancel: route('DELETE /activities/{activityId}/sign-up', ['member'], 'Cancel my sign-up or leave the waiting list', { params: ActivityParams, 200: ['My place, ended', SignUpView] },
    'Cancel my place: a seat passes at once to the first on the waiting list as an offer; a place on the waiting list is left.',
    { errors: { ACTIVITY_NOT_FOUND: 404, NOT_SIGNED_UP: 404, ALREADY_CHECKED_IN: 409 }, tables: { activities: 'read-write', inbox: 'read-write' } }),
  activityOfferDecide: route('POST /activities/{activityId}/offer', ['member'], 'Accept or decline my offer of a seat', { params: ActivityParams, body: OfferDecisionBody, 200: ['My place: signed-up, or declined', SignUpView] },
    'Accept (before its deadline) or decline the seat offered from the waiting list; a declined or lapsed offer passes to the next in line.',
    { errors: { ACTIVITY_NOT_FOUND: 404, NOT_SIGNED_UP: 404, NO_OFFER: 409, OFFER_LAPSED: 410, ACTIVITY_CANCELLED: 410 }, tables: { activities: 'read-write', inbox: 'read-write' } }),
  activitiesMine: route('GET /me/activities', ['member'], 'My activities', { query: MyActivitiesQuery, 200: ['A page of my sign-ups', MySignUpPage] },
    'My sign-ups with where each stands: signed-up, waiting (with my position), offered (with its deadline), checked-in, cancelled…',
    { tables: { activities: 'read' } }),
  activityCheckInCode: route('GET /activities/{activityId}/check-in-code', ['member'], 'My check-in code', { params: ActivityParams, 200: ['The code', CheckInCode] },
    "The member's signed check-in code for an activity she holds a seat on, to show as a QR code.",
    { errors: { NOT_SIGNED_UP: 404, NO_SEAT: 409, ACTIVITY_CANCELLED: 410 }, tables: { activities: 'read' }, secrets: ['activityCheckInKey'] }),
  // A repeat finds the first check-in and answers it: nothing to store.
  activityCheckIn: route('POST /activities/{activityId}/check-ins', ['admin', 'operator'], 'Check a member in', { params: ActivityParams, body: CheckInBody, 201: ['Checked in', RosterEntry], 200: ['Already checked in: the first check-in', RosterEntry] },
    "An admin's scan of a member's check-in code: valid only for that member and activity, once; a repeat answers the first check-in; late uploads keep their scan time.",
    { errors: { ACTIVITY_NOT_FOUND: 404, CHECK_IN_CODE_INVALID: 400, CHECK_IN_WRONG_ACTIVITY: 409, NO_SEAT: 409, SCAN_TIME_INVALID: 400, ACTIVITY_CANCELLED: 410 }, idempotency: 'natural', tables: { activities: 'read-write', organisations: 'read' }, secrets: ['activityCheckInKey'] }),
  activityRoster: route('GET /activities/{activityId}/sign-ups', ['admin', 'operator'], "List an activity's sign-ups by status", { params: ActivityParams, query: RosterQuery, 200: ['A page of sign-ups', RosterPage] },
    "An activity's sign-ups, waiting list (in arrival order) or check-ins, for its organiser's admins; each member shown finds the read in her access log.",
    { errors: { ACTIVITY_NOT_FOUND: 404 }, tables: { activities: 'read', organisations: 'read', inbox: 'write' } }),
  activityClose: route('POST /activities/{activityId}/close', ['admin', 'operator'], 'Close an activity', { params: ActivityParams, body: ReasonBody, 200: ['The activity, closed', ActivityView] },
    'Close an activity to sign-ups (its waiting list ends); everyone signed up and waiting is told through the inbox.',
    { errors: { ACTIVITY_NOT_FOUND: 404, ACTIVITY_STATE: 409 }, tables: { activities: 'read-write', organisations: 'read' }, sendsTo: ['activityNotices'] }),
  activityCancel: route('POST /activities/{activityId}/cancel', ['admin', 'operator'], 'Cancel an activity', { params: ActivityParams, body: ReasonBody, 200: ['The activity, cancelled', ActivityView] },
    'Cancel an activity; everyone signed up and waiting is told through the inbox.',
    { errors: { ACTIVITY_NOT_FOUND: 404, ACTIVITY_STATE: 409 }, tables: { activities: 'read-write', organisations: 'read' }, sendsTo: ['activityNotices'] }),
  activityOfferSweep: schedule({ minute: '*' }, 'Every minute: lapse the offers whose deadline has passed',
    'Lapses every offer past its deadline and passes its seat to the next in line, exactly once.',
    { tables: { activities: 'read-write', inbox: 'read-write' }, timeoutSeconds: 60 }),
  activityNoticeWorker: consumer({ queue: 'activityNotices', batchSize: 1 },
    "Tells everyone on a closed or cancelled activity's lists, page by page (continues in a new message when time runs out); a redelivery writes nothing twice.",
    { tables: { activities: 'read-write', inbox: 'read-write' }, sendsTo: ['activityNotices'], timeoutSeconds: 120 }),
});
