/** Request and response shapes for activities (also the OpenAPI source). */
import * as z from 'zod/mini';
import '../schema-locale';
import { Industry } from '../accounts/schemas';
import { OrganisationId } from '../organisations/schemas';
import { pageOf } from '../schema-shapes';
import { activityStatuses, signUpStatuses } from './activity';

const Instant = z.iso.datetime({ offset: true }).check(z.describe('ISO 8601 instant'));
/** Instants are compared as strings: each is stored in one form, UTC with milliseconds. */
const UtcInstant = z.pipe(
  Instant,
  z.transform((value: string) => new Date(value).toISOString()),
);

const Place = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('venue'), address: z.string().check(z.trim(), z.minLength(2), z.maxLength(200)) }),
  z.strictObject({ kind: z.literal('online'), url: z.url({ protocol: /^https$/ }).check(z.maxLength(500)) }),
]);

export const CreateActivityBody = z.strictObject({
  organisationId: OrganisationId.check(z.describe('The organising union: the caller must administer it')),
  title: z.string().check(z.trim(), z.minLength(2), z.maxLength(100)),
  description: z.string().check(z.trim(), z.minLength(1), z.maxLength(10_000), z.describe('Markdown')),
  startsAt: UtcInstant,
  endsAt: UtcInstant,
  place: Place,
  capacity: z.number().check(z.int(), z.minimum(1), z.maximum(100_000)),
  signUpOpensAt: z.optional(UtcInstant).check(z.describe('Default: now')),
  signUpClosesAt: z.optional(UtcInstant).check(z.describe('Default: the start')),
  offerHours: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(168), z.describe('How long an offer from the waiting list holds its seat')), 24),
  audience: z.optional(
    z.strictObject({
      organisationId: z.optional(OrganisationId).check(z.describe("Default: the organiser; else a union in the organiser's subtree")),
      industries: z.optional(z.array(Industry).check(z.maxLength(10), z.describe('Only members working in these (default: every industry)'))),
      verifiedOnly: z.optional(z.boolean()),
      gigWorkersOnly: z.optional(z.boolean().check(z.describe('Only members of an industry federation (or a union under one)'))),
    }),
  ),
});

export const ActivityParams = z.object({ activityId: z.uuid() });
export const ReasonBody = z.strictObject({ reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)) });
export const OfferDecisionBody = z.strictObject({ decision: z.enum(['accept', 'decline']) });
export const CheckInBody = z.strictObject({
  code: z.string().check(z.minLength(1), z.maxLength(1000), z.describe("The member's check-in code, as scanned from her QR code")),
  scannedAt: z.optional(Instant.check(z.describe('When the device scanned it (a device that uploads late sends it); default: now'))),
});

const limit = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20);
const cursor = z.optional(z.string().check(z.maxLength(2000)));
export const ActivitiesQuery = z.object({ limit, cursor });
export const MyActivitiesQuery = z.object({
  when: z._default(z.enum(['upcoming', 'past']), 'upcoming').check(z.describe('upcoming: not yet ended, soonest first; past: ended, latest first')),
  limit,
  cursor,
});
export const RosterQuery = z.object({
  status: z._default(z.enum(signUpStatuses), 'signed-up').check(z.describe('signed-up: seats; waiting: the waiting list in arrival order; checked-in: check-ins')),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor,
});

export const ActivityView = z.object({
  activityId: z.string(),
  organisationId: z.string(),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.union([z.object({ kind: z.literal('venue'), address: z.string() }), z.object({ kind: z.literal('online'), url: z.string() })]),
  capacity: z.number().check(z.int()),
  seatsTaken: z.number().check(z.int(), z.describe('Seats held: signed up, offered and checked in')),
  waiting: z.number().check(z.int(), z.describe('Members on the waiting list')),
  checkedIn: z.number().check(z.int()),
  signUpOpensAt: z.string(),
  signUpClosesAt: z.string(),
  offerHours: z.number().check(z.int()),
  audience: z.object({ organisationId: z.string(), industries: z.array(Industry), verifiedOnly: z.boolean(), gigWorkersOnly: z.boolean() }),
  status: z.enum(activityStatuses),
  closedAt: z.optional(z.string()),
  cancelledAt: z.optional(z.string()),
  statusReason: z.optional(z.string()),
  createdAt: z.string(),
});
export const ActivityPage = pageOf(ActivityView);

export const SignUpView = z.object({
  activityId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(signUpStatuses),
  position: z.optional(z.number().check(z.int(), z.describe('Place on the waiting list (1: next to be offered a seat)'))),
  offerExpiresAt: z.optional(z.string().check(z.describe('Accept before this, or the seat passes to the next in line'))),
  signedUpAt: z.string(),
  checkedInAt: z.optional(z.string()),
});
export const MySignUp = z.extend(SignUpView, { activityStatus: z.enum(activityStatuses) });
export const MySignUpPage = pageOf(MySignUp);

export const RosterEntry = z.object({
  userId: z.string(),
  name: z.string(),
  status: z.enum(signUpStatuses),
  ticket: z.optional(z.number().check(z.int(), z.describe('Arrival number on the waiting list (lower goes first)'))),
  offerExpiresAt: z.optional(z.string()),
  signedUpAt: z.string(),
  updatedAt: z.string(),
  checkedInAt: z.optional(z.string().check(z.describe('When the code was scanned'))),
  checkedInBy: z.optional(z.string()),
  checkInRecordedAt: z.optional(z.string().check(z.describe('When the scan reached the server'))),
});
export const RosterPage = pageOf(RosterEntry);

export const CheckInCode = z.object({
  activityId: z.string(),
  status: z.enum(signUpStatuses),
  code: z.string().check(z.describe('Show it as a QR code at the door; it is this member\'s for this activity, and checks in once')),
});
