/**
 * Prize draws, step by step: an operator (or an admin, for her subtree) defines one; verified
 * members of its audience enter once each during its window; once the window has closed the list
 * is frozen and published with a commitment to a secret and a beacon round still to come; once
 * that round is out the draw ranks every entrant by H(seed:entryId) and offers each prize unit
 * to a rank; a winner accepts by her deadline, or declines or lets it lapse, and the unit passes
 * to the next rank — each step recorded, each contended move a conditional write.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account';
import { BeaconRoundPending, futureRound, mixSeed, type RandomnessBeacon } from '../beacon/beacon';
import { InvalidCursor, NotEligible, ValidationFailed } from '../errors';
import type { Notice } from '../inbox/notice';
import { NotRegistered } from '../members/errors';
import { OrganisationNotFound } from '../organisations/errors';
import type { OrganisationReader } from '../organisations/organisation-store';
import { administersUnion, assertAdministers, currentPathInScope, segmentsOf } from '../organisations/scope';
import { decodeCursor, encodeCursor, readAcross, type Page } from '../pagination';
import {
  deadlineOf,
  DRAW_ALGORITHM,
  drawProblems,
  hasLapsed,
  ineligibility,
  nextOffer,
  rankEntrants,
  slotsOf,
  type Draw,
  type Entry,
  type PassOnStep,
  type Slot,
} from './draw';
import type { DrawStore } from './draw-store';
import { DrawNotFound, DrawState, EntriesClosed, EntriesNotOpen, NoOffer, OfferLapsed } from './errors';

export interface DrawDependencies {
  draws: DrawStore;
  orgs: OrganisationReader;
  beacon: RandomnessBeacon;
}

export interface DrawInput {
  name: string;
  description?: string;
  organisationId: string;
  prizes: { name: string; count: number }[];
  entriesOpenAt?: string;
  entriesCloseAt: string;
  acceptanceHours: number;
}

/**
 * An operator (for any organisation: the province for a province-wide draw) or an admin (for a
 * union in her subtree) defines a draw.
 *
 *  1. The audience's organisation exists and lies in the caller's scope (403 NOT_IN_SCOPE).
 *  2. The window closes after it opens and in the future; prizes are numbered p1, p2… in order.
 *  3. Stored open, with no entrants.
 */
export async function createDraw(deps: Pick<DrawDependencies, 'draws' | 'orgs'>, caller: Account, input: DrawInput, now: Date = new Date()): Promise<Draw> {
  const organisation = (await deps.orgs.getMany([input.organisationId]))[0];
  if (!organisation) throw new OrganisationNotFound(input.organisationId);
  await assertAdministers(caller, organisation, deps.orgs);
  const entriesOpenAt = input.entriesOpenAt ?? now.toISOString();
  const problems = drawProblems({ ...input, entriesOpenAt }, now);
  if (problems.length > 0) throw new ValidationFailed(problems, 'The draw is not valid.');
  const draw: Draw = {
    drawId: randomUUID(),
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    audience: { organisationId: organisation.id, organisationPath: organisation.path },
    prizes: input.prizes.map((prize, i) => ({ prizeId: `p${i + 1}`, name: prize.name, count: prize.count })),
    entriesOpenAt,
    entriesCloseAt: input.entriesCloseAt,
    acceptanceHours: input.acceptanceHours,
    status: 'open',
    entrants: 0,
    createdBy: caller.userId,
    createdAt: now.toISOString(),
  };
  await deps.draws.create(draw);
  return draw;
}

async function existing(draws: DrawStore, drawId: string, options?: { withSecret: boolean }) {
  const draw = await draws.draw(drawId, options);
  if (!draw) throw new DrawNotFound();
  return draw;
}

/** A draw the caller runs: an admin of its audience's subtree, or an operator; anyone else is told it does not exist. */
async function administered(deps: Pick<DrawDependencies, 'draws' | 'orgs'>, caller: Account, drawId: string, options?: { withSecret: boolean }) {
  const draw = await existing(deps.draws, drawId, options);
  if (!(await administersUnion(caller, draw.audience.organisationId, deps.orgs, draw.audience.organisationPath))) throw new DrawNotFound();
  return draw;
}

/**
 * A verified member of the audience enters, once.
 *
 *  1. The draw exists; the caller is a verified member of a union under its audience.
 *  2. Its window is open now (425 before, 409 after).
 *  3. One transaction: the one-per-member guard, the entry (a random entry id: the published list
 *     names only that), and the count — conditional on the draw still being open.
 */
export async function enterDraw(deps: Pick<DrawDependencies, 'draws'>, caller: Account, drawId: string, now: Date = new Date()): Promise<Entry> {
  const draw = await existing(deps.draws, drawId);
  if (!caller.member) throw new NotRegistered();
  const why = ineligibility(draw, caller.member);
  if (why) throw new NotEligible('enter this draw', why);
  if (now.toISOString() < draw.entriesOpenAt) throw new EntriesNotOpen(draw.entriesOpenAt);
  if (draw.status !== 'open' || now.toISOString() >= draw.entriesCloseAt) throw new EntriesClosed(`Entries closed at ${draw.entriesCloseAt}.`);
  const entry: Entry = {
    drawId,
    drawName: draw.name,
    entryId: randomUUID(),
    userId: caller.userId,
    organisationId: caller.member.membership!.organisationId,
    enteredAt: now.toISOString(),
    status: 'entered',
  };
  await deps.draws.enter(entry, now);
  return entry;
}

/** Cursors of lists read across several sources: the source's index and its own cursor, bound to the list. */
const listCursor = (list: string, next?: { index: number; inner?: string }) => (next ? encodeCursor({ list, index: next.index, inner: next.inner ?? '' }) : undefined);
function readListCursor(list: string, cursor?: string): { index: number; inner?: string } {
  const decoded = decodeCursor(cursor);
  if (!decoded) return { index: 0 };
  if (decoded.list !== list || typeof decoded.index !== 'number') throw new InvalidCursor();
  return { index: decoded.index, inner: decoded.inner ? String(decoded.inner) : undefined };
}

/** The draws open to a member now: those whose audience is her union or one above it, still taking entries. */
export async function drawsOpenTo(deps: Pick<DrawDependencies, 'draws'>, caller: Account, page: { limit: number; cursor?: string }, now: Date = new Date()): Promise<Page<Draw>> {
  const path = caller.member?.membership?.orgPath;
  if (!path) return { items: [] };
  const sources = segmentsOf(path);
  const list = `open:${path}`;
  const start = readListCursor(list, page.cursor);
  const { items, next } = await readAcross(
    sources,
    start,
    page.limit,
    (organisationId, inner) => deps.draws.byAudience(organisationId, now, inner),
    (draw) => draw.drawId,
    (draw) => draw.status === 'open',
  );
  return { items, cursor: listCursor(list, next && { index: sources.indexOf(next.source), inner: next.inner }) };
}

/** The caller's own entries, newest first, with rank and offer once drawn. */
export function myEntries(deps: Pick<DrawDependencies, 'draws'>, caller: Account, page: { limit: number; cursor?: string }): Promise<Page<Entry>> {
  return deps.draws.byMember(caller.userId, page);
}

/** The draws whose audience lies in the subtree of `organisationId`, for its admins (403 NOT_IN_SCOPE) and operators. */
export async function organisationDraws(deps: Pick<DrawDependencies, 'draws' | 'orgs'>, caller: Account, organisationId: string, page: { limit: number; cursor?: string }): Promise<Page<Draw>> {
  const organisation = (await deps.orgs.getMany([organisationId]))[0];
  if (!organisation) throw new OrganisationNotFound(organisationId);
  const path = await currentPathInScope(caller, organisation, deps.orgs);
  const list = `subtree:${organisationId}`;
  const start = readListCursor(list, page.cursor);
  const found = await deps.draws.bySubtree(path, { limit: page.limit, cursor: start.inner });
  return { items: found.items, cursor: listCursor(list, found.cursor ? { index: 0, inner: found.cursor } : undefined) };
}

/** A draw as the signed-in see it (the secret only once drawn). */
export async function drawView(deps: Pick<DrawDependencies, 'draws'>, drawId: string): Promise<Draw> {
  return existing(deps.draws, drawId);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Once the entry window has closed (or before, closing it early with a reason): freeze the list
 * and publish it with a commitment to a fresh secret and the beacon round the draw will mix in
 * (one published only after this).
 *
 *  1. The caller runs the draw (its audience's admins, operators); its window has closed, or she
 *     closes it now and says why (recorded with who and when).
 *  2. Entries stop (open → freezing, a conditional write every entry's transaction checks).
 *  3. The entry ids are read consistently: the final list.
 *  4. The list (in chunks under the commitment), the commitment and the round are published, once.
 */
export async function commitDraw(deps: DrawDependencies, caller: Account, drawId: string, options: { closeEarlyReason?: string } = {}, now: Date = new Date()) {
  const draw = await administered(deps, caller, drawId);
  if (draw.status === 'committed' || draw.status === 'drawn') throw new DrawState('The draw is committed already: its list and commitment are published and never change.');
  const early = draw.status === 'open' && now.toISOString() < draw.entriesCloseAt;
  if (early && !options.closeEarlyReason) throw new DrawState(`Entries are open until ${draw.entriesCloseAt}: commit the draw after they close, or close them early with a reason.`);
  const closedEarly = early ? { at: now.toISOString(), by: caller.userId, reason: options.closeEarlyReason! } : undefined;
  if (!(await deps.draws.freeze(drawId, now, closedEarly))) throw new DrawState('The draw is committed already.');
  const entryIds = await deps.draws.entryIds(drawId);
  const secret = randomBytes(32).toString('hex');
  const beacon = await futureRound(deps.beacon, now);
  const commitment = sha256(secret);
  await deps.draws.commit(drawId, { entryIds, commitment, committedAt: now.toISOString(), beacon, secret });
  return existing(deps.draws, drawId);
}

const prizeWon = (draw: Draw, slot: Pick<Slot, 'slotId' | 'prizeName'>, userId: string, rank: number, deadline: string, at: string): Notice => ({
  userId,
  noticeId: `prize-won#${draw.drawId}#${slot.slotId}#${rank}`,
  kind: 'prize-won',
  at,
  facts: { drawId: draw.drawId, drawName: draw.name, prizeName: slot.prizeName, rank, deadline },
});

const prizePassedOn = (draw: Draw, slot: Pick<Slot, 'slotId' | 'prizeName'>, userId: string, rank: number, reason: PassOnStep['reason'], at: string): Notice => ({
  userId,
  noticeId: `prize-passed-on#${draw.drawId}#${slot.slotId}#${rank}`,
  kind: 'prize-passed-on',
  at,
  facts: { drawId: draw.drawId, drawName: draw.name, prizeName: slot.prizeName, reason },
});

/**
 * The draw, once the commitment's beacon round is out (425 BEACON_ROUND_PENDING before).
 *
 *  1. The caller runs the draw; it is committed (or drawn: then this completes it).
 *  2. The round's value is fetched from the beacon and verified, and recorded with the draw (once).
 *  3. seed = H(secret ‖ randomness); every entrant is ranked by H(seed:entryId); the ranking is stored.
 *  4. Each prize unit k is offered to rank k, with its deadline and a prize-won notice (each once);
 *     units beyond the entrants are unclaimed.
 *  5. Every entrant's rank is written; the draw is finished. Safe to repeat at any step.
 */
export async function runDraw(deps: DrawDependencies, caller: Account, drawId: string, now: Date = new Date()) {
  let draw = await administered(deps, caller, drawId, { withSecret: true });
  if (draw.status !== 'committed' && draw.status !== 'drawn') throw new DrawState('Commit the draw (freeze and publish its list) first.');
  const slots = slotsOf(draw.prizes);
  if (draw.status === 'committed') {
    const value = await deps.beacon.round(draw.beacon!.round);
    if (!value) throw new BeaconRoundPending(draw.beacon!);
    draw = { ...(await deps.draws.reveal(drawId, value, now.toISOString(), slots.length + 1)), secret: draw.secret };
  }
  if (!draw.finished) await complete(deps.draws, draw);
  const outcome = await deps.draws.slots(drawId);
  return {
    drawId,
    entrants: draw.entrants,
    prizes: slots.length,
    offered: outcome.filter((slot) => slot.status === 'offered').length,
    accepted: outcome.filter((slot) => slot.status === 'accepted').length,
    unclaimed: outcome.filter((slot) => slot.status === 'unclaimed').length,
  };
}

/** Steps 3–5 of the draw, for a drawn draw: each write happens once however often this runs. */
async function complete(draws: DrawStore, draw: Draw) {
  const seed = mixSeed(draw.secret!, draw.beacon!.randomness!);
  const ranked = rankEntrants(await draws.frozenList(draw), seed);
  await draws.putRanking(draw.drawId, ranked);
  const deadline = deadlineOf(draw.drawnAt!, draw.acceptanceHours);
  for (const [i, ref] of slotsOf(draw.prizes).entries()) {
    const entryId = ranked[i];
    const holder = entryId ? { entryId, userId: (await draws.entry(draw.drawId, entryId))!.userId, rank: i + 1 } : undefined;
    const slot: Slot = holder
      ? { ...ref, drawId: draw.drawId, status: 'offered', holder, offeredAt: draw.drawnAt!, deadline, version: 1 }
      : { ...ref, drawId: draw.drawId, status: 'unclaimed', version: 1 };
    await draws.firstOffer(draw, slot, holder ? [prizeWon(draw, ref, holder.userId, holder.rank, deadline, draw.drawnAt!)] : []);
  }
  await draws.setRanks(draw.drawId, ranked);
  await draws.finish(draw.drawId);
}

/**
 * One pass-on of `slot`, from its holder as read, for `reason`: to the next rank not yet offered
 * (or unclaimed when the ranks are exhausted). Another step taking the number first is retried
 * with the draw read again; the slot itself having moved (accepted, or passed on by someone
 * else) ends it. Answers whether this call made the step.
 */
async function passOn(draws: DrawStore, drawId: string, slot: Slot, reason: PassOnStep['reason'], now: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const draw = (await draws.draw(drawId))!;
    const at = now.toISOString();
    const next = nextOffer(draw);
    const toEntryId = next ? await draws.rankedAt(drawId, next.rank) : undefined;
    const toUser = toEntryId ? (await draws.entry(drawId, toEntryId))?.userId : undefined;
    const to = next && toEntryId && toUser ? { entryId: toEntryId, userId: toUser, rank: next.rank, deadline: deadlineOf(at, draw.acceptanceHours) } : undefined;
    const from = slot.holder!;
    const step: PassOnStep = {
      step: draw.passOns! + 1,
      at,
      slotId: slot.slotId,
      prizeId: slot.prizeId,
      from: { entryId: from.entryId, rank: from.rank },
      reason,
      ...(to ? { to: { entryId: to.entryId, rank: to.rank } } : {}),
    };
    const notices = [prizePassedOn(draw, slot, from.userId, from.rank, reason, at), ...(to ? [prizeWon(draw, slot, to.userId, to.rank, to.deadline, at)] : [])];
    const result = await draws.passOn(draw, slot, step, { to, nextRank: to ? next!.after : draw.nextRank!, reasonCheck: { now: at } }, notices);
    if (result === 'done') return true;
    if (result === 'slot-changed') return false;
  }
  throw new DrawState('The draw is busy passing prizes on; try again.');
}

/**
 * The member offered a prize accepts or declines it.
 *
 *  1. Her entry in the draw holds an offer (else 409 NO_OFFER).
 *  2. Its deadline has come: the offer has lapsed — it passes on now (as the sweep would) and she
 *     is told so (410 OFFER_LAPSED). The accept path checks the deadline in its write as well.
 *  3. accept: the unit is hers (conditional on her holding it, the version read, the deadline);
 *     decline: it passes to the next rank, recorded as a step, with both notices.
 */
export async function decidePrize(deps: Pick<DrawDependencies, 'draws'>, caller: Account, drawId: string, decision: 'accept' | 'decline', now: Date = new Date()): Promise<Entry> {
  await existing(deps.draws, drawId);
  const entry = await deps.draws.entryOf(drawId, caller.userId);
  if (!entry || entry.status !== 'offered' || !entry.slotId) throw new NoOffer();
  const slot = await deps.draws.slot(drawId, entry.slotId);
  if (!slot || slot.status !== 'offered' || slot.holder?.entryId !== entry.entryId) throw new NoOffer();
  if (hasLapsed(slot, now)) {
    await passOn(deps.draws, drawId, slot, 'lapsed', now);
    throw new OfferLapsed(slot.deadline!);
  }
  if (decision === 'accept') {
    if (!(await deps.draws.accept(slot, entry, now))) {
      const again = await deps.draws.slot(drawId, entry.slotId);
      if (again && hasLapsed(again, now)) throw new OfferLapsed(again.deadline!);
      throw new NoOffer();
    }
  } else if (!(await passOn(deps.draws, drawId, slot, 'declined', now))) throw new NoOffer();
  return (await deps.draws.entry(drawId, entry.entryId))!;
}

/**
 * The sweep (a schedule): every offer whose deadline has come passes on, oldest first — each one
 * conditional on the holder still holding it, so a sweep racing another or an acceptance moves a
 * prize at most once; and draws left half-written (a draw that timed out) are completed.
 */
export async function sweepDraws(deps: Pick<DrawDependencies, 'draws'>, now: Date = new Date()) {
  const report = { lapsed: 0, completed: 0 };
  for (const drawId of await deps.draws.unfinished()) {
    const draw = await deps.draws.draw(drawId, { withSecret: true });
    if (draw?.status === 'drawn' && !draw.finished) {
      await complete(deps.draws, draw);
      report.completed++;
    }
  }
  for (;;) {
    const due = await deps.draws.dueOffers(now, 100);
    let moved = 0;
    for (const slot of due) if (await passOn(deps.draws, slot.drawId, slot, 'lapsed', now)) moved++;
    report.lapsed += moved;
    // A full page may have more behind it; a new offer's deadline is always ahead of `now`.
    if (due.length < 100 || moved === 0) break;
  }
  return report;
}

/**
 * The proof anyone signed in can check: the frozen list (a chunk at a time), the commitment, the
 * beacon round; once drawn the secret, the round's value and signature, the seed, every pass-on
 * step and where each prize unit stands — with the algorithm to recompute it all.
 */
export async function drawProof(deps: Pick<DrawDependencies, 'draws'>, drawId: string, chunk = 0) {
  const draw = await existing(deps.draws, drawId);
  if (!draw.commitment) throw new DrawState('The draw is not committed yet: there is no frozen list to prove.');
  if (chunk >= Math.max(1, draw.chunks!)) throw new ValidationFailed([{ field: 'query.chunk', message: `the list has ${draw.chunks} chunks`, zh: `名单共 ${draw.chunks} 段` }]);
  const drawn = draw.status === 'drawn';
  const [entrants, steps, slots] = await Promise.all([deps.draws.frozenList(draw, chunk), drawn ? deps.draws.steps(drawId) : [], drawn ? deps.draws.slots(drawId) : []]);
  const order = new Map(slotsOf(draw.prizes).map((slot, i) => [slot.slotId, i]));
  return {
    drawId,
    name: draw.name,
    status: draw.status,
    prizes: draw.prizes,
    acceptanceHours: draw.acceptanceHours,
    entriesCloseAt: draw.entriesCloseAt,
    entrantCount: draw.entrants,
    commitment: draw.commitment,
    committedAt: draw.committedAt!,
    beacon: draw.beacon!,
    chunks: draw.chunks!,
    chunk,
    entrants,
    ...(drawn ? { secret: draw.secret!, seed: mixSeed(draw.secret!, draw.beacon!.randomness!), drawnAt: draw.drawnAt! } : {}),
    steps: steps.sort((a, b) => a.step - b.step),
    outcome: slots
      .sort((a, b) => order.get(a.slotId)! - order.get(b.slotId)!)
      .map((slot) => ({
        slotId: slot.slotId,
        prizeId: slot.prizeId,
        status: slot.status,
        ...(slot.holder ? { holder: { entryId: slot.holder.entryId, rank: slot.holder.rank } } : {}),
        ...(slot.deadline && slot.status === 'offered' ? { deadline: slot.deadline } : {}),
      })),
    algorithm: DRAW_ALGORITHM,
  };
}
