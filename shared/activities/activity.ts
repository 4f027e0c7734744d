/**
 * Activities a union runs for its members (outings, trainings, sports days): who they are for,
 * when members may sign up, how many seats there are, and the life of one member's place — a
 * seat, a place on the waiting list, an offer that holds a seat until its deadline, a check-in.
 * Plain rules, no storage: the use cases (activities.ts) and the store apply them.
 */
import type { FieldIssue } from '../errors';
import { effectiveProfile, type MemberProfile } from '../accounts/account';
import type { Industry } from '../accounts/schemas';
import { shanghaiDay } from '../days';
import type { Organisation } from '../organisations/organisation';

export const activityStatuses = ['open', 'closed', 'cancelled'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

export type Place = { kind: 'venue'; address: string } | { kind: 'online'; url: string };

export interface Audience {
  /** Members of unions under this organisation (the organiser's own subtree or a part of it). */
  organisationId: string;
  /** Only members working in these industries (empty: every industry). */
  industries: Industry[];
  verifiedOnly: boolean;
  /** Only gig workers: members of an industry federation (or of a union under one). */
  gigWorkersOnly: boolean;
}

export interface Activity {
  activityId: string;
  /** The organising union: its admins manage the activity. */
  organisationId: string;
  /** The organiser's path when the activity was made: a hint for scope reads and the subtree listing. */
  organisationPath: string;
  title: string;
  /** Markdown. */
  description: string;
  startsAt: string;
  endsAt: string;
  place: Place;
  capacity: number;
  signUpOpensAt: string;
  signUpClosesAt: string;
  /** How long an offer from the waiting list holds its seat. */
  offerHours: number;
  audience: Audience;
  status: ActivityStatus;
  /** Seats held: signed up, offered (an offer holds its seat) and checked in. Never above capacity. */
  seatsTaken: number;
  /** Members on the waiting list now (not counting offers). */
  waiting: number;
  checkedIn: number;
  /** When it was closed, and cancelled: the notices each sends are dated by it (a redelivery writes the same notice). */
  closedAt?: string;
  cancelledAt?: string;
  /** Who closed or cancelled it last, and why. */
  statusChangedBy?: string;
  statusReason?: string;
  createdBy: string;
  createdAt: string;
}

export const signUpStatuses = ['signed-up', 'waiting', 'offered', 'checked-in', 'cancelled', 'left', 'declined', 'lapsed', 'not-admitted'] as const;
export type SignUpStatus = (typeof signUpStatuses)[number];

/** Places that hold a seat. */
export const holdsSeat = (status: SignUpStatus) => status === 'signed-up' || status === 'offered' || status === 'checked-in';
/** Places still in play: a seat, or a place in the line. */
export const isActive = (status: SignUpStatus) => holdsSeat(status) || status === 'waiting';

/**
 * The moves a member's place may make. Ended places (cancelled, left, declined, lapsed,
 * not-admitted) may begin again with a new sign-up while the activity takes them.
 */
const moves: Record<SignUpStatus, SignUpStatus[]> = {
  'signed-up': ['checked-in', 'cancelled'],
  waiting: ['offered', 'left', 'not-admitted', 'cancelled'],
  offered: ['signed-up', 'declined', 'lapsed', 'cancelled'],
  'checked-in': [],
  cancelled: ['signed-up', 'waiting'],
  left: ['signed-up', 'waiting'],
  declined: ['signed-up', 'waiting'],
  lapsed: ['signed-up', 'waiting'],
  'not-admitted': ['signed-up', 'waiting'],
};

export const canMove = (from: SignUpStatus | undefined, to: SignUpStatus): boolean =>
  from === undefined ? to === 'signed-up' || to === 'waiting' : moves[from].includes(to);

export interface SignUp {
  activityId: string;
  userId: string;
  /** The member's name, for the organiser's lists. */
  name: string;
  status: SignUpStatus;
  /** Arrival number on the waiting list (lower goes first); kept once offered, for the record. */
  ticket?: number;
  /** Offers made to this member for this activity so far (each offer's notice id carries its number). */
  offerNo: number;
  offerExpiresAt?: string;
  signedUpAt: string;
  updatedAt: string;
  checkedInAt?: string;
  checkedInBy?: string;
  /** When the scan reached us (a device may upload it later than `checkedInAt`, the scan's time). */
  checkInRecordedAt?: string;
  /** Copied from the activity for the member's own list. */
  title: string;
  startsAt: string;
  endsAt: string;
  version: number;
}

// ——— Audience ———

/** What the audience rules need to know of a member: her profile and her union's ancestry as the tree is now. */
export interface MemberStanding {
  profile: MemberProfile;
  /** From the root down to her union. */
  chain: Pick<Organisation, 'id' | 'kind'>[];
}

export const isGigWorker = (chain: MemberStanding['chain']) => chain.some((organisation) => organisation.kind === 'industry-federation');

/** Why the activity is not for this member, or undefined when it is. */
export function audienceRefusal(audience: Audience, member: MemberStanding, now: Date): string | undefined {
  if (!member.chain.some((organisation) => organisation.id === audience.organisationId)) return 'for members of unions under another organisation';
  const profile = effectiveProfile(member.profile, shanghaiDay(now));
  if (audience.industries.length > 0 && !audience.industries.includes(profile.industry)) return `for members working in: ${audience.industries.join(', ')}`;
  if (audience.verifiedOnly && !profile.verified) return 'for members with a verified real name';
  if (audience.gigWorkersOnly && !isGigWorker(member.chain)) return 'for gig workers';
  return undefined;
}

// ——— Windows and deadlines ———

export type SignUpWindow = 'not-open-yet' | 'open' | 'closed';

/** Where `now` falls in the sign-up window; it shuts at the window's end or the start, whichever is first. */
export function signUpWindow(activity: Pick<Activity, 'signUpOpensAt' | 'signUpClosesAt' | 'startsAt'>, now: Date): SignUpWindow {
  const at = now.toISOString();
  if (at < activity.signUpOpensAt) return 'not-open-yet';
  if (at >= activity.signUpClosesAt || at >= activity.startsAt) return 'closed';
  return 'open';
}

/**
 * Whether a seat freed now passes to the waiting list: while the activity is open and has not
 * started. Closing ends the waiting list; after the start an offer would come too late.
 */
export const offersSeats = (activity: Pick<Activity, 'status' | 'startsAt'>, now: Date) => activity.status === 'open' && now.toISOString() < activity.startsAt;

/** An offer holds its seat for the activity's offer hours, but never past the start. */
export function offerDeadline(activity: Pick<Activity, 'offerHours' | 'startsAt'>, now: Date): string {
  const deadline = new Date(now.getTime() + activity.offerHours * 3600_000).toISOString();
  return deadline < activity.startsAt ? deadline : activity.startsAt;
}

/** An offer counts until its deadline, exclusive. */
export const offerOpen = (signUp: Pick<SignUp, 'status' | 'offerExpiresAt'>, now: Date) =>
  signUp.status === 'offered' && signUp.offerExpiresAt !== undefined && now.toISOString() < signUp.offerExpiresAt;

/** Check-ins are taken from two hours before the start until the end. */
export const CHECK_IN_OPENS_BEFORE_MS = 2 * 3600_000;
/** A device's clock may run this far ahead of ours. */
export const SCAN_CLOCK_SKEW_MS = 5 * 60_000;

/** Why a scan's time cannot be a check-in, or undefined when it can. */
export function scanTimeRefusal(activity: Pick<Activity, 'startsAt' | 'endsAt'>, scannedAt: Date, now: Date): string | undefined {
  if (scannedAt.getTime() > now.getTime() + SCAN_CLOCK_SKEW_MS) return 'is in the future';
  if (scannedAt.getTime() < Date.parse(activity.startsAt) - CHECK_IN_OPENS_BEFORE_MS) return 'is more than two hours before the start';
  if (scannedAt.toISOString() > activity.endsAt) return 'is after the end';
  return undefined;
}

// ——— Definition ———

/** What an admin gives to create one: the activity's own fields, the sign-up window and audience optional. */
export type ActivityInput = Pick<Activity, 'organisationId' | 'title' | 'description' | 'startsAt' | 'endsAt' | 'place' | 'capacity' | 'offerHours'> &
  Partial<Pick<Activity, 'signUpOpensAt' | 'signUpClosesAt'>> & { audience?: Partial<Audience> };

/** Problems with an activity's definition, by field. */
export function activityProblems(input: Required<Pick<ActivityInput, 'startsAt' | 'endsAt' | 'signUpOpensAt' | 'signUpClosesAt'>>, now: Date): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const at = now.toISOString();
  if (input.startsAt <= at) problems.push({ field: 'body.startsAt', message: 'is in the past', zh: '早于当前时间' });
  if (input.endsAt <= input.startsAt) problems.push({ field: 'body.endsAt', message: 'is not after the start', zh: '须晚于开始时间' });
  if (input.signUpClosesAt <= input.signUpOpensAt) problems.push({ field: 'body.signUpClosesAt', message: 'is not after the sign-up opens', zh: '须晚于报名开始时间' });
  if (input.signUpClosesAt > input.startsAt) problems.push({ field: 'body.signUpClosesAt', message: 'is after the start', zh: '不得晚于活动开始时间' });
  if (input.signUpClosesAt <= at) problems.push({ field: 'body.signUpClosesAt', message: 'is in the past', zh: '早于当前时间' });
  return problems;
}

/** The keys a sign-up is ordered by: the start, then the id (also the listing cursor). */
export const startKey = (activity: Pick<Activity, 'startsAt' | 'activityId'>) => `${activity.startsAt}#${activity.activityId}`;
