/**
 * Prize draws (recuperation trips and the like) and their rules in plain TypeScript: who may
 * enter, how entrants are ranked, which rank each prize is offered to, and how a prize declined
 * or left to lapse passes to the next rank. Everything here is a pure function of the published
 * facts, so anyone can recompute a draw from its proof.
 */
import type { FieldIssue } from '../errors';
import { createHash } from 'node:crypto';
import type { MemberProfile } from '../accounts/account';
import type { BeaconPromise, BeaconRound } from '../beacon/beacon';

export interface Prize {
  prizeId: string;
  name: string;
  count: number;
}

/** open: taking entries (in its window); freezing: the list is being frozen; committed: list and commitment published; drawn. */
export type DrawStatus = 'open' | 'freezing' | 'committed' | 'drawn';

export interface Draw {
  drawId: string;
  name: string;
  description?: string;
  /** Verified members of unions under this organisation may enter (an admin's subtree; the operator's province). */
  audience: { organisationId: string; organisationPath: string };
  prizes: Prize[];
  entriesOpenAt: string;
  entriesCloseAt: string;
  /** How long a member has to accept a prize offered to her. */
  acceptanceHours: number;
  status: DrawStatus;
  entrants: number;
  createdBy: string;
  createdAt: string;
  commitment?: string;
  committedAt?: string;
  /** Entries closed by the commit before the window's end: who, when, why. */
  closedEarly?: { at: string; by: string; reason: string };
  /** Chunks of the frozen list (5,000 entry ids each). */
  chunks?: number;
  beacon?: BeaconPromise & Partial<Pick<BeaconRound, 'randomness' | 'signature'>>;
  /** The committed secret: kept back until the draw. */
  secret?: string;
  drawnAt?: string;
  /** The rank the next pass-on offers its prize to. */
  nextRank?: number;
  /** Pass-on steps so far (each step's number is the count after it). */
  passOns?: number;
  /** Every initial offer and every entrant's rank is written. */
  finished?: boolean;
}

export type EntryStatus = 'entered' | 'offered' | 'accepted' | 'declined' | 'lapsed';

export interface Entry {
  drawId: string;
  drawName: string;
  /** A random id, the only thing the published list says about the entrant. */
  entryId: string;
  userId: string;
  organisationId: string;
  enteredAt: string;
  status: EntryStatus;
  /** 1 = first: her place in the order H(seed:entryId), once drawn. */
  rank?: number;
  /** The prize offered to her (and, after a decision, the one she had). */
  slotId?: string;
  prizeName?: string;
  deadline?: string;
  decidedAt?: string;
}

/** One unit of a prize: `<prizeId>#<nnn>`. */
export interface SlotRef {
  slotId: string;
  prizeId: string;
  prizeName: string;
}

export interface Holder {
  entryId: string;
  userId: string;
  rank: number;
}

/** A prize unit's state: offered to a holder until her deadline, accepted, or unclaimed (the list ran out). */
export interface Slot extends SlotRef {
  drawId: string;
  status: 'offered' | 'accepted' | 'unclaimed';
  holder?: Holder;
  offeredAt?: string;
  deadline?: string;
  acceptedAt?: string;
  version: number;
}

/** A prize passing on: from the holder who declined or let it lapse, to the next rank (none: the list is exhausted). */
export interface PassOnStep {
  step: number;
  at: string;
  slotId: string;
  prizeId: string;
  from: { entryId: string; rank: number };
  reason: 'declined' | 'lapsed';
  to?: { entryId: string; rank: number };
}

export const DRAW_ALGORITHM = [
  'commitment = sha256_hex(secret), published with the frozen list of entry ids (sorted) and a beacon round published after committedAt.',
  'seed = sha256_hex(secret + beacon.randomness) (hex text concatenated). Beacon: drand chain beacon.chainHash, scheme bls-unchained-g1-rfc9380: beacon.signature is a BLS12-381 signature on G1 (public key on G2) over sha256(round as 8-byte big-endian), DST BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_; randomness = sha256_hex(signature bytes).',
  'ranking: entry ids ordered by sha256_hex(seed + ":" + entryId), ties by entryId; rank 1 is first.',
  'slots: each prize in the listed order, count times (slotId <prizeId>#001…); slot k (1-based) is offered to rank k; a slot beyond the entrants is unclaimed.',
  'pass-on: steps in order of their number; a step takes the slot from its holder (who declined, or let the deadline pass) to the next rank not yet offered — rank (number of slots + 1) for the first step that finds one, then the next — or, when the ranks are exhausted, leaves it unclaimed.',
].join(' ');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Entry ids in rank order (the first is rank 1). */
export function rankEntrants(entryIds: string[], seed: string): string[] {
  return entryIds
    .map((id) => ({ id, key: sha256(`${seed}:${id}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .map((entry) => entry.id);
}

/** The draw's prize units in order: each prize, count times. */
export function slotsOf(prizes: Prize[]): SlotRef[] {
  return prizes.flatMap((prize) => Array.from({ length: prize.count }, (_, i) => ({ slotId: `${prize.prizeId}#${String(i + 1).padStart(3, '0')}`, prizeId: prize.prizeId, prizeName: prize.name })));
}

/** When an offer made at `offeredAt` lapses. */
export const deadlineOf = (offeredAt: string, acceptanceHours: number) => new Date(new Date(offeredAt).getTime() + acceptanceHours * 3600_000).toISOString();

/** Whether an offer has lapsed at `now`: its deadline has come. */
export const hasLapsed = (slot: Pick<Slot, 'status' | 'deadline'>, now: Date) => slot.status === 'offered' && !!slot.deadline && slot.deadline <= now.toISOString();

/** The rank a pass-on offers to, and the rank after it; none when every entrant has been offered one. */
export function nextOffer(draw: Pick<Draw, 'nextRank' | 'entrants'>): { rank: number; after: number } | undefined {
  const rank = draw.nextRank!;
  return rank <= draw.entrants ? { rank, after: rank + 1 } : undefined;
}

/** Why a member may not enter, or undefined if she may: a verified member of a union under the audience. */
export function ineligibility(draw: Pick<Draw, 'audience'>, member: MemberProfile | undefined): string | undefined {
  if (!member) return 'only members can enter: sign up first';
  if (!member.verified) return 'this draw is for members with a verified real name';
  if (!member.membership) return 'this draw is for members of a union: join one first';
  if (!member.membership.orgPath.split('/').includes(draw.audience.organisationId)) return 'this draw is for members of unions under another organisation';
  return undefined;
}

/** Problems with a draw's definition, by field. */
export function drawProblems(input: { prizes: { name: string; count: number }[]; entriesOpenAt: string; entriesCloseAt: string }, now: Date): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (input.entriesCloseAt <= input.entriesOpenAt) problems.push({ field: 'body.entriesCloseAt', message: 'is not after entriesOpenAt', zh: '须晚于报名开始时间' });
  if (input.entriesCloseAt <= now.toISOString()) problems.push({ field: 'body.entriesCloseAt', message: 'is in the past', zh: '早于当前时间' });
  if (input.prizes.reduce((sum, prize) => sum + prize.count, 0) > 999) problems.push({ field: 'body.prizes', message: 'at most 999 prizes in all', zh: '奖品总数最多 999 个' });
  return problems;
}
