/**
 * The first steps of a subsidy: apply (the system pre-checks and names the failing rule),
 * review by an admin of the member's union chain (one at a time or a page at a time), and the
 * lottery anyone can check when approved applications exceed the quota.
 */
import { shanghaiDay } from '../days';
import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account';
import { rolesOf } from '../accounts/account';
import { NotAllowed } from '../errors';
import { NotRegistered } from '../members/errors';
import type { OrganisationReader } from '../organisations/organisation-store';
import { administersUnion, readOnce } from '../organisations/scope';
import { canMove, type Application, type ApplicationEvent, type ApplicationStatus } from './application';
import { applicationFor } from './application-view';
import {
  ApplicationChanged,
  ApplicationNotFound,
  CycleClosed,
  CycleState,
  IllegalApplicationTransition,
  ObjectionClosed,
  LotteryState,
  PrecheckFailed,
  ProgrammeNotFound,
} from './errors';
import { payoutFor } from '../payouts/payout';
import type { Notice } from '../inbox/notice';
import { objectionAnswered, subsidyDecided } from '../inbox/notices';
import { commitmentOf, drawWinners, LOTTERY_ALGORITHM, newSecret } from './lottery';
import { BeaconRoundPending, BeaconUnavailable, futureRound, mixSeed, type BeaconRound, type RandomnessBeacon } from '../beacon/beacon';
import { amountFor, assertCycleOf, cycleOf, precheck, windowOf, type ApplicationDetails, type Programme } from './programme';
import type { CycleClosure, Lottery, SubsidyStore } from './subsidy-store';
import type { DocumentUploads } from '../claims/claim-store';
import { everyPage } from '../pagination';

export interface SubsidyDependencies {
  subsidies: SubsidyStore;
  orgs: OrganisationReader;
  uploads?: DocumentUploads;
  /** The public randomness beacon the lottery mixes in (commit names a round; the draw fetches it). */
  beacon?: RandomnessBeacon;
}

function assertOperator(caller: Account) {
  if (!rolesOf(caller).includes('operator')) throw new NotAllowed('Only operators run lotteries and programmes.', 'ROLE_REQUIRED');
}

/** An operator adds a programme as data; it is active from now on. */
export async function addProgramme(deps: Pick<SubsidyDependencies, 'subsidies'>, caller: Account, input: Omit<Programme, 'status' | 'createdAt'>, now: Date = new Date()) {
  assertOperator(caller);
  const programme: Programme = { ...input, status: 'active', createdAt: now.toISOString() };
  await deps.subsidies.putProgramme(programme);
  return programme;
}

/**
 * Steps 1 and 2: the member applies once per programme and cycle; the system pre-checks.
 *
 * Primary course:
 *  1. The programme exists; the caller is a member of a union.
 *  2. The pre-check runs every rule of the programme and names the first one that fails.
 *  3. The application is stored as pending review, with the amount its rule gives, once.
 */
export async function applyForSubsidy(
  deps: Pick<SubsidyDependencies, 'subsidies' | 'orgs' | 'uploads'>,
  caller: Account,
  programmeId: string,
  details: ApplicationDetails,
  now: Date = new Date(),
  declared: { fileName: string; contentType: string; sizeBytes: number }[] = [],
) {
  const programme = await deps.subsidies.programme(programmeId);
  if (!programme) throw new ProgrammeNotFound();
  const member = caller.member;
  if (!member) throw new NotRegistered();
  const union = member.membership ? (await deps.orgs.getMany([member.membership.organisationId]))[0] : undefined;
  const failure = precheck(programme, member, union?.kind, details, now);
  if (failure) throw new PrecheckFailed(failure);
  // Closed early by an operator (the store's transaction checks it again, against a closure racing this).
  if (await deps.subsidies.cycleClosure(programmeId, cycleOf(programme, now))) throw new CycleClosed();
  const at = now.toISOString();
  const applicationId = randomUUID();
  const uploads = [];
  const documents = [];
  for (const document of declared) {
    const key = `applications/${applicationId}/${randomUUID()}-${document.fileName.replace(/[^\w.-]+/g, '_')}`;
    const { url, expiresAt } = await deps.uploads!.uploadUrl(key, document.contentType, document.sizeBytes);
    uploads.push({ key, fileName: document.fileName, uploadUrl: url, expiresAt });
    documents.push({ key, ...document });
  }
  const application: Application = {
    applicationId,
    programmeId,
    cycle: cycleOf(programme, now),
    userId: caller.userId,
    applicantName: member.name,
    organisationId: union!.id,
    organisationPath: union!.path,
    details,
    amountFen: amountFor(programme, details)!,
    documents,
    status: 'pending-review',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await deps.subsidies.createApplication(application, { at, by: 'system', to: 'pending-review', why: 'passed the pre-check' });
  return { application, uploads };
}

/**
 * Step 3: an admin of the member's union chain approves or rejects, with a reason; the member's
 * "subsidy decided" notice is written in the same transaction as the decision.
 */
export async function reviewApplication(
  deps: Pick<SubsidyDependencies, 'subsidies' | 'orgs'>,
  caller: Account,
  applicationId: string,
  decision: { approve: boolean; reason?: string },
  now: Date = new Date(),
  nameOf = programmeNames(deps.subsidies),
) {
  return decideApplication(deps, caller, applicationId, now, {
    to: decision.approve ? 'approved' : 'rejected',
    reason: decision.reason,
    changes: () => ({ decisionReason: decision.reason }),
    notices: async (application, at) => [subsidyDecided(application, decision, application.version + 1, at, await nameOf(application.programmeId))],
  });
}

/**
 * The one path of an admin's decision on an application (a review, an objection's resolution):
 * 1. the application, as the caller administers it (else it is unknown to her);
 * 2. the move the decision asks for, refused unless the application's status allows it;
 * 3. the move, its event, the decision's changes and the notices it owes, in one transaction
 *    conditional on the version read (APPLICATION_CHANGED when another decision came first).
 */
async function decideApplication(
  deps: Pick<SubsidyDependencies, 'subsidies' | 'orgs'>,
  caller: Account,
  applicationId: string,
  now: Date,
  decision: {
    to: ApplicationStatus;
    reason?: string;
    changes: (at: string) => Partial<Application>;
    notices: (application: Application, at: string) => Promise<Notice[]>;
  },
) {
  const application = await administeredApplication(deps, caller, applicationId);
  const { to, reason } = decision;
  if (!canMove(application.status, to)) throw new IllegalApplicationTransition(application.status, to);
  const at = now.toISOString();
  const event = { at, by: caller.userId, from: application.status, to, why: reason };
  return deps.subsidies.transition(application, to, event, decision.changes(at), undefined, await decision.notices(application, at));
}

/** Programme names, each read once (a page of decisions names a few programmes many times). */
function programmeNames(subsidies: SubsidyStore) {
  const read = new Map<string, Promise<string | undefined>>();
  return (programmeId: string) => {
    if (!read.has(programmeId)) read.set(programmeId, subsidies.programme(programmeId).then((programme) => programme?.name));
    return read.get(programmeId)!;
  };
}

/** Bulk review of a page: each decision stands alone; the answer says what happened to each. */
export async function reviewApplications(
  deps: Pick<SubsidyDependencies, 'subsidies' | 'orgs'>,
  caller: Account,
  decisions: { applicationId: string; approve: boolean; reason?: string }[],
  now: Date = new Date(),
) {
  const results = [];
  // A page mostly comes from a few unions: their part of the tree is read once for the page.
  const pageDeps = { ...deps, orgs: readOnce(deps.orgs) };
  const nameOf = programmeNames(deps.subsidies);
  for (const decision of decisions) {
    try {
      const application = await reviewApplication(pageDeps, caller, decision.applicationId, decision, now, nameOf);
      results.push({ applicationId: decision.applicationId, status: application.status });
    } catch (error) {
      results.push({ applicationId: decision.applicationId, error: (error as { code?: string }).code ?? 'INTERNAL_ERROR' });
    }
  }
  return { results };
}

const allWithStatus = (subsidies: SubsidyStore, programmeId: string, cycle: string, status: Application['status']) =>
  everyPage((page) => subsidies.byCycle(programmeId, cycle, status, page));

/**
 * An operator closes a cycle to applications before its window's last day, saying why; who and
 * when are recorded. From then on no application enters the cycle (the store checks the closure
 * in the application's own transaction), so its lottery can be committed.
 */
export async function closeCycleEarly(deps: Pick<SubsidyDependencies, 'subsidies'>, caller: Account, programmeId: string, cycle: string, reason: string, now: Date = new Date()) {
  assertOperator(caller);
  const programme = await deps.subsidies.programme(programmeId);
  if (!programme) throw new ProgrammeNotFound();
  assertCycleOf(programme, cycle);
  const window = windowOf(programme, cycle);
  const today = shanghaiDay(now);
  if (today < window.opens) throw new CycleState(`Applications to ${cycle} open on ${window.opens}; a cycle that has not opened cannot be closed.`);
  if (today > window.closes) throw new CycleState(`The application window of ${cycle} ended on ${window.closes}; it is closed already.`);
  const closure: CycleClosure = { programmeId, cycle, closedAt: now.toISOString(), closedBy: caller.userId, reason, early: true };
  if (!(await deps.subsidies.closeCycle(closure))) {
    const existing = await deps.subsidies.cycleClosure(programmeId, cycle);
    throw new CycleState(`This cycle was closed already${existing ? ` at ${existing.closedAt}` : ''}.`);
  }
  return closure;
}

/**
 * Step 4a: once the cycle is closed to applications, publish the sorted list of approved
 * applications, a commitment to a fresh random secret, and the beacon round the draw will mix in
 * (one published only after this commit). Nothing can be added to the draw or change its list,
 * secret or round afterwards: applications are closed, and a second commit changes nothing
 * stored (see the store's commitLottery).
 */
export async function commitLottery(deps: Pick<SubsidyDependencies, 'subsidies' | 'beacon'>, caller: Account, programmeId: string, cycle: string, now: Date = new Date()) {
  assertOperator(caller);
  const programme = await deps.subsidies.programme(programmeId);
  if (!programme) throw new ProgrammeNotFound();
  assertCycleOf(programme, cycle);
  if (await deps.subsidies.lottery(programmeId, cycle)) throw new LotteryState('The lottery of this cycle is already committed.');
  if (!(await deps.subsidies.cycleClosure(programmeId, cycle))) {
    const window = windowOf(programme, cycle);
    if (shanghaiDay(now) <= window.closes) {
      throw new LotteryState(`Applications to ${cycle} are open until ${window.closes}: commit the draw after the window closes, or close the cycle early first.`);
    }
    // The calendar closed it: record that, so an application still in flight is refused from now on.
    await deps.subsidies.closeCycle({ programmeId, cycle, closedAt: now.toISOString(), closedBy: caller.userId, reason: `the application window ended on ${window.closes}`, early: false });
  }
  if ((await allWithStatus(deps.subsidies, programmeId, cycle, 'pending-review')).length > 0) {
    throw new LotteryState('Some applications still wait for review; decide them before the draw.');
  }
  const eligible = (await allWithStatus(deps.subsidies, programmeId, cycle, 'approved')).map((a) => a.applicationId).sort();
  const secret = newSecret();
  const beacon = await futureRound(deps.beacon!, now);
  const lottery = { programmeId, cycle, quota: programme.quotaPerCycle, eligible, commitment: commitmentOf(secret), committedAt: now.toISOString(), beacon, secret };
  await deps.subsidies.commitLottery(lottery);
  const { secret: _secret, ...published } = lottery;
  return published;
}

/**
 * The beacon round a committed lottery waits for: the value stored at an earlier draw, else the
 * beacon's (verified), recorded on the lottery; BeaconRoundPending while it is not published.
 */
async function beaconValueOf(deps: Pick<SubsidyDependencies, 'subsidies' | 'beacon'>, lottery: Lottery): Promise<BeaconRound> {
  const promise = lottery.beacon!;
  if (promise.randomness && promise.signature) return { round: promise.round, randomness: promise.randomness, signature: promise.signature };
  if (deps.beacon!.chain.chainHash !== promise.chainHash) throw new LotteryState(`The lottery waits for a round of beacon chain ${promise.chainHash}, which this deployment does not read.`);
  const value = await deps.beacon!.round(promise.round);
  if (!value) throw new BeaconRoundPending(promise);
  await deps.subsidies.revealBeacon(lottery.programmeId, lottery.cycle, value);
  return value;
}

/** The seed a lottery is drawn with: its secret mixed with its beacon round (the secret alone for one committed before the beacon). */
const seedOf = (lottery: Lottery, value?: BeaconRound) => (lottery.beacon ? mixSeed(lottery.secret!, value!.randomness) : lottery.secret!);

/** Whether the lottery draws at all: a list within the quota is selected whole, whatever the seed. */
const needsDraw = (lottery: Lottery) => lottery.eligible.length > lottery.quota;

/**
 * Step 4b: the draw, once the commit's beacon round is published (BeaconRoundPending before).
 * Winners follow from the published list and the seed — the secret mixed with the round's value
 * (see lottery.ts); all are selected when the list is within the quota. Only the published list
 * is drawn: an application approved after the commit is not in it and stays approved. Safe to
 * run again: the same winners, an application already moved is left as it is, and the store
 * counts each selection against the quota in the same transaction, so no run, however late or
 * repeated, puts more than the quota on notice.
 */
export async function drawLottery(deps: Pick<SubsidyDependencies, 'subsidies' | 'beacon'>, caller: Account, programmeId: string, cycle: string, now: Date = new Date()) {
  assertOperator(caller);
  const lottery = await deps.subsidies.lottery(programmeId, cycle, { withSeed: true });
  if (!lottery?.secret) throw new LotteryState('Commit the lottery (publish the list and the commitment) first.');
  const programme = await deps.subsidies.programme(programmeId);
  if (!programme) throw new ProgrammeNotFound();
  // A list within the quota is selected whole: no seed, so nothing to wait for.
  const value = needsDraw(lottery) && lottery.beacon ? await beaconValueOf(deps, lottery) : undefined;
  const winners = new Set(needsDraw(lottery) ? drawWinners(lottery.eligible, seedOf(lottery, value), lottery.quota) : lottery.eligible);
  // Results stay on public notice (step 5) for the programme's notice period.
  const noticeEndsAt = new Date(now.getTime() + programme.noticeDays * 86400_000).toISOString();
  let refused = 0;
  for (const applicationId of lottery.eligible) {
    const application = await deps.subsidies.application(applicationId);
    if (!application || application.status !== 'approved') continue;
    const to: ApplicationStatus = winners.has(applicationId) ? 'in-notice' : 'not-selected';
    const why = needsDraw(lottery) ? `drawn with the secret committed as ${lottery.commitment}${value ? ` and beacon round ${value.round}` : ''}` : 'the list is within the quota: all selected';
    const event: ApplicationEvent = { at: now.toISOString(), by: 'lottery', from: 'approved' as const, to, why };
    await (to === 'in-notice' ? deps.subsidies.select(application, event, { noticeEndsAt }, lottery.quota) : deps.subsidies.transition(application, to, event)).catch((error: unknown) => {
      if (error instanceof LotteryState) refused++;
      else if (!(error instanceof ApplicationChanged)) throw error;
    });
  }
  await deps.subsidies.markDrawn(programmeId, cycle, now.toISOString());
  return { programmeId, cycle, drawn: lottery.eligible.length, selected: winners.size - refused };
}

/**
 * The proof anyone can check: list, commitment and beacon round; once drawn, the secret, the
 * round's value (randomness and signature, to check against the beacon's public key), the seed
 * and the winners.
 */
export async function lotteryProof(deps: Pick<SubsidyDependencies, 'subsidies'>, programmeId: string, cycle: string) {
  const lottery = await deps.subsidies.lottery(programmeId, cycle);
  if (!lottery) throw new LotteryState('No lottery has been committed for this cycle.');
  if (!lottery.drawnAt || !lottery.secret) return { ...lottery, algorithm: LOTTERY_ALGORITHM };
  if (!needsDraw(lottery)) return { ...lottery, algorithm: LOTTERY_ALGORITHM, winners: lottery.eligible };
  const seed = seedOf(lottery, lottery.beacon as BeaconRound | undefined);
  return { ...lottery, algorithm: LOTTERY_ALGORITHM, seed, winners: drawWinners(lottery.eligible, seed, lottery.quota) };
}

/**
 * Step 5: during the notice period any member may object to a published result, once. The
 * objector gets a receipt of their own objection, never the application; the applicant does not
 * learn who objected (the reviewing admins do). While an objection waits for its decision the
 * result is held; once one has been dismissed the result stands and takes no further objection,
 * so objections cannot hold a payment for ever.
 */
export async function raiseObjection(deps: Pick<SubsidyDependencies, 'subsidies'>, caller: Account, applicationId: string, reason: string, now: Date = new Date()) {
  const application = await deps.subsidies.application(applicationId);
  if (!application) throw new ApplicationNotFound();
  if (application.objectionDismissedAt) throw new ObjectionClosed();
  if (!canMove(application.status, 'objected') || (application.noticeEndsAt && now.toISOString() > application.noticeEndsAt)) {
    throw new IllegalApplicationTransition(application.status, 'objected');
  }
  const objection = { by: caller.userId, reason, at: now.toISOString() };
  await deps.subsidies.object(application, objection, { at: objection.at, by: caller.userId, from: application.status, to: 'objected', why: reason });
  return { applicationId, reason, at: objection.at };
}

/**
 * An admin of the applicant's union chain resolves the objection: upheld rejects, dismissed
 * restores the notice. The objector and the applicant are told in the same transaction.
 */
export async function resolveObjection(
  deps: Pick<SubsidyDependencies, 'subsidies' | 'orgs'>,
  caller: Account,
  applicationId: string,
  decision: { decision: 'uphold' | 'dismiss'; reason: string },
  now: Date = new Date(),
) {
  const upheld = decision.decision === 'uphold';
  return decideApplication(deps, caller, applicationId, now, {
    to: upheld ? 'rejected' : 'in-notice',
    reason: decision.reason,
    // A dismissal stands: the result goes back on notice and takes no further objection.
    changes: (at) => (upheld ? { decisionReason: decision.reason } : { decisionReason: decision.reason, objectionDismissedAt: at }),
    notices: async (application, at) => objectionAnswered(application, decision, application.version + 1, at, (await deps.subsidies.programme(application.programmeId))?.name),
  });
}

/**
 * The nightly cycle job (a schedule, Asia/Shanghai, at 00:10 and 00:20). For each programme, once a
 * cycle's window has closed: commit its lottery as the system (when every application is decided)
 * and draw it once the commit's beacon round is out — the first run commits, the next draws; and
 * move results whose notice period has ended to payable. Idempotent per programme and cycle.
 */
export async function runSubsidyCycles(deps: Pick<SubsidyDependencies, 'subsidies' | 'beacon'>, now: Date = new Date()) {
  const system: Account = { userId: 'system', grants: [{ role: 'operator', grantedAt: now.toISOString(), grantedBy: 'system' }] };
  const today = shanghaiDay(now);
  const report = { committed: [] as string[], drawn: [] as string[], waitingForReview: [] as string[], waitingForBeacon: [] as string[], payable: 0 };
  for (const programme of await deps.subsidies.programmes()) {
    const current = cycleOf(programme, now);
    const previous = cycleOf(programme, new Date(now.getTime() - (programme.cycle === 'annual' ? 366 : 92) * 86400_000));
    for (const cycle of new Set([previous, current])) {
      if (windowOf(programme, cycle).closes >= today) continue;
      const key = `${programme.programmeId}/${cycle}`;
      const lottery = await deps.subsidies.lottery(programme.programmeId, cycle);
      if (!lottery) {
        try {
          await commitLottery(deps, system, programme.programmeId, cycle, now);
          report.committed.push(key);
        } catch (error) {
          if (error instanceof LotteryState) {
            report.waitingForReview.push(key);
            continue;
          }
          // The beacon is down: the next run commits (nothing was stored).
          if (error instanceof BeaconUnavailable) {
            report.waitingForBeacon.push(key);
            continue;
          }
          throw error;
        }
      }
      if (!lottery?.drawnAt) {
        try {
          await drawLottery(deps, system, programme.programmeId, cycle, now);
        } catch (error) {
          // The commit's beacon round is not out yet (or the beacon is down): the next run draws (the schedule runs twice a night).
          if (error instanceof BeaconRoundPending || error instanceof BeaconUnavailable) {
            report.waitingForBeacon.push(key);
            continue;
          }
          throw error;
        }
        report.drawn.push(key);
      }
      for (const application of await allWithStatus(deps.subsidies, programme.programmeId, cycle, 'in-notice')) {
        if (!application.noticeEndsAt || application.noticeEndsAt > now.toISOString()) continue;
        await deps.subsidies
          .transition(
            application,
            'payable',
            { at: now.toISOString(), by: 'system', from: 'in-notice', to: 'payable', why: 'notice period ended without objection' },
            {},
            payoutFor({ kind: 'subsidy', id: application.applicationId }, application.userId, application.amountFen, now),
          )
          .then(() => report.payable++)
          .catch((error: unknown) => {
            if (!(error instanceof ApplicationChanged)) throw error;
          });
      }
    }
  }
  return report;
}

/**
 * An application the caller administers, as the tree is now; anything else — unknown, or in
 * another subtree — is not found, with the same answer, so ids outside the caller's scope tell
 * nothing about what exists there.
 */
async function administeredApplication(deps: Pick<SubsidyDependencies, 'subsidies' | 'orgs'>, caller: Account, applicationId: string): Promise<Application> {
  const application = await deps.subsidies.application(applicationId);
  if (!application || !(await administersUnion(caller, application.organisationId, deps.orgs, application.organisationPath))) throw new ApplicationNotFound();
  return application;
}

export async function applicationWithTimeline(deps: Pick<SubsidyDependencies, 'subsidies' | 'orgs'>, caller: Account, applicationId: string) {
  const application = await deps.subsidies.application(applicationId);
  const mine = application?.userId === caller.userId;
  // An admin of the applicant's union chain may read it too; anyone else is told it does not exist.
  if (!application || (!mine && !(await administersUnion(caller, application.organisationId, deps.orgs, application.organisationPath)))) {
    throw new ApplicationNotFound();
  }
  return applicationFor({ ...application, timeline: await deps.subsidies.timeline(applicationId) }, mine ? 'applicant' : 'admin');
}
