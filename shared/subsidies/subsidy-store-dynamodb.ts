/**
 * DynamoDB storage of programmes, applications and lotteries; the only code that knows the
 * subsidies table's keys.
 *   PROGRAMME#<id>               / PROGRAMME     (gsi2: PROGRAMMES / <id>)
 *   APPLIED#<prog>#<cycle>#<sub> / APPLIED       one application per member, programme and cycle
 *   APP#<id>                     / APP           the application (version-guarded)
 *     gsi1 MEMBER#<sub> / <createdAt>;  gsi2 CYCLE#<prog>#<cycle> / <status>#<id>
 *     gsi3 SUBTREE#<prog>#<cycle>#<status> / <union path><createdAt>#<id>   (reviewers' work list)
 *   APP#<id>                     / EVENT#<at>#n  its audit trail
 *   APP#<id>                     / OBJECTION#<sub> one objection per member and application
 *   CYCLE#<prog>#<cycle>         / CLOSED        the cycle closed to applications (who, when, why)
 *   LOTTERY#<prog>#<cycle>       / LOTTERY       commitment, chunk count, beacon round (+ its value once drawn),
 *                                                the secret (attribute `seed`, hidden until drawn), selected
 *   LOTTERY#<prog>#<cycle>       / ELIGIBLE#<commitment>#nnnn  the published list, in chunks of 5,000 ids
 */
import { conditionFailedAt, isConditionFailed, putOverRead, refusedAs, retryConflicts, transactWrite, writtenUnlessRefused } from '../aws/transactions';
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../accounts/keys';
import { queryAllOf, queryAllUnder, queryPage } from '../aws/queries';
import { rePathAll, rePathUnder } from '../aws/re-path';
import { applicationStatuses } from './application';
import { cyclesBetween } from './programme';
import type { Page } from '../pagination';
import type { Application, ApplicationEvent, ApplicationStatus } from './application';
import { AlreadyApplied, AlreadyObjected, ApplicationChanged, CycleClosed, LotteryState, ProgrammeExists } from './errors';
import type { Programme } from './programme';
import type { CycleClosure, Lottery, SubsidyStore } from './subsidy-store';
import type { PayoutItem } from '../payouts/payout';
import type { BeaconRound } from '../beacon/beacon';
import { putPayoutItem } from '../payouts/payout-keys';
import { deliverNotices } from '../inbox/inbox-keys';
import type { Notice } from '../inbox/notice';

const CHUNK = 5_000;
/** An application item without its table and index keys (the shared stripKeys knows two indexes; this table has three). */
const applicationOf = (item: Record<string, unknown>): Application => {
  const { gsi3pk: _pk, gsi3sk: _sk, ...rest } = stripKeys<Record<string, unknown>>(item);
  return rest as unknown as Application;
};
const appKey = (id: string) => ({ pk: `APP#${id}`, sk: 'APP' });
const objectionKey = (id: string, by: string) => ({ pk: appKey(id).pk, sk: `OBJECTION#${by}` });
const lotteryPk = (programmeId: string, cycle: string) => `LOTTERY#${programmeId}#${cycle}`;
const lotteryKey = (programmeId: string, cycle: string) => ({ pk: lotteryPk(programmeId, cycle), sk: 'LOTTERY' });
const closureKey = (programmeId: string, cycle: string) => ({ pk: `CYCLE#${programmeId}#${cycle}`, sk: 'CLOSED' });
/** Chunks live under the commitment they were published with: another commit's chunks never share a key with them. */
const chunkPrefix = (commitment: string) => `ELIGIBLE#${commitment}#`;
const indexKeys = (a: Application) => ({
  gsi1pk: `MEMBER#${a.userId}`,
  gsi1sk: a.createdAt,
  gsi2pk: `CYCLE#${a.programmeId}#${a.cycle}`,
  gsi2sk: `${a.status}#${a.applicationId}`,
  // The union's path as stored on the application: a subtree is a prefix (see bySubtree).
  gsi3pk: `SUBTREE#${a.programmeId}#${a.cycle}#${a.status}`,
  gsi3sk: `${a.organisationPath}${a.createdAt}#${a.applicationId}`,
});

export class DynamoSubsidyStore implements SubsidyStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly payoutsTable?: string,
    private readonly inboxTable?: string,
  ) {}

  async programme(programmeId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk: `PROGRAMME#${programmeId}`, sk: 'PROGRAMME' } }));
    return Item ? stripKeys<Programme>(Item) : undefined;
  }

  async programmes() {
    const items = await queryAllOf(this.documents, this.tableName, { gsi2pk: 'PROGRAMMES' }, { IndexName: 'byCycle' });
    return items.map((item) => stripKeys<Programme>(item));
  }

  async putProgramme(programme: Programme) {
    await refusedAs(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `PROGRAMME#${programme.programmeId}`, sk: 'PROGRAMME', gsi2pk: 'PROGRAMMES', gsi2sk: programme.programmeId, ...programme },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
      () => new ProgrammeExists(programme.programmeId),
    );
  }

  private eventItem(applicationId: string, event: ApplicationEvent) {
    return { Put: { TableName: this.tableName, Item: { pk: `APP#${applicationId}`, sk: `EVENT#${event.at}#${randomBytes(3).toString('hex')}`, ...event } } };
  }

  async createApplication(application: Application, event: ApplicationEvent) {
    await refusedAs(
      transactWrite(this.documents, [
        {
          Put: {
            TableName: this.tableName,
            Item: { pk: `APPLIED#${application.programmeId}#${application.cycle}#${application.userId}`, sk: 'APPLIED', applicationId: application.applicationId },
            // The member applies once per programme and cycle.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: this.tableName, Item: { ...application, ...appKey(application.applicationId), ...indexKeys(application) }, ConditionExpression: 'attribute_not_exists(pk)' } },
        this.eventItem(application.applicationId, event),
        // Not once the cycle is closed: an application can never slip in behind a closure (and so behind a commit).
        { ConditionCheck: { TableName: this.tableName, Key: closureKey(application.programmeId, application.cycle), ConditionExpression: 'attribute_not_exists(pk)' } },
      ]),
      (failed) => (failed.includes(0) ? new AlreadyApplied() : failed.includes(3) ? new CycleClosed() : undefined),
    );
  }

  async application(applicationId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: appKey(applicationId), ConsistentRead: true }));
    return Item ? applicationOf(Item) : undefined;
  }

  async timeline(applicationId: string) {
    const items = await queryAllUnder(this.documents, this.tableName, `APP#${applicationId}`, 'EVENT#');
    return items.map((item) => stripKeys<ApplicationEvent>(item));
  }

  byMember(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Application>> {
    return queryPage(
      this.documents,
      { TableName: this.tableName, IndexName: 'byMember', KeyConditionExpression: 'gsi1pk = :m', ExpressionAttributeValues: { ':m': `MEMBER#${userId}` }, ScanIndexForward: false },
      page,
      (item) => applicationOf(item),
    );
  }

  byCycle(programmeId: string, cycle: string, status: ApplicationStatus, page: { limit: number; cursor?: string }): Promise<Page<Application>> {
    return queryPage(
      this.documents,
      {
        TableName: this.tableName,
        IndexName: 'byCycle',
        KeyConditionExpression: 'gsi2pk = :cycle AND begins_with(gsi2sk, :status)',
        ExpressionAttributeValues: { ':cycle': `CYCLE#${programmeId}#${cycle}`, ':status': `${status}#` },
      },
      page,
      (item) => applicationOf(item),
    );
  }

  bySubtree(programmeId: string, cycle: string, status: ApplicationStatus, pathPrefix: string, page: { limit: number; cursor?: string }): Promise<Page<Application>> {
    return queryPage(
      this.documents,
      {
        TableName: this.tableName,
        IndexName: 'bySubtree',
        KeyConditionExpression: 'gsi3pk = :list AND begins_with(gsi3sk, :path)',
        ExpressionAttributeValues: { ':list': `SUBTREE#${programmeId}#${cycle}#${status}`, ':path': pathPrefix },
      },
      page,
      (item) => applicationOf(item),
    );
  }

  async select(application: Application, event: ApplicationEvent, changes: Partial<Application>, quota: number) {
    const next: Application = { ...application, ...changes, status: 'in-notice', updatedAt: event.at, version: application.version + 1 };
    await refusedAs(
      transactWrite(this.documents, [
        this.guardedPut(application, next),
        this.eventItem(application.applicationId, event),
        {
          Update: {
            TableName: this.tableName,
            Key: lotteryKey(application.programmeId, application.cycle),
            // Storage itself refuses a selection beyond the quota, whatever code runs twice or late.
            UpdateExpression: 'SET selected = if_not_exists(selected, :zero) + :one',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(selected) OR selected < :quota)',
            ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':quota': quota },
          },
        },
      ]),
      (failed) => (failed.includes(0) ? new ApplicationChanged() : failed.includes(2) ? new LotteryState('The draw has selected its quota already.') : undefined),
    );
    return next;
  }

  async cycleClosure(programmeId: string, cycle: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: closureKey(programmeId, cycle), ConsistentRead: true }));
    return Item ? stripKeys<CycleClosure>(Item) : undefined;
  }

  async closeCycle(closure: CycleClosure) {
    return writtenUnlessRefused(
      this.documents.send(
        new PutCommand({ TableName: this.tableName, Item: { ...closureKey(closure.programmeId, closure.cycle), ...closure }, ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    );
  }

  async transition(application: Application, to: ApplicationStatus, event: ApplicationEvent, changes: Partial<Application> = {}, payout?: PayoutItem, notices: Notice[] = []) {
    if (payout && !this.payoutsTable) throw new Error('This subsidy store was built without the payouts table');
    if (notices.length > 0 && !this.inboxTable) throw new Error('This subsidy store was built without the inbox table');
    const next: Application = { ...application, ...changes, status: to, updatedAt: event.at, version: application.version + 1 };
    try {
      // Retried when it met another write of a member's unread count (a notice is in it).
      await retryConflicts(() =>
        transactWrite(this.documents, [
          this.guardedPut(application, next),
          this.eventItem(application.applicationId, event),
          // Payable and owed in one write: a payable subsidy always has its payout item.
          ...(payout ? [putPayoutItem(this.payoutsTable!, payout)] : []),
          // Decided and told in one write: the members hear of exactly the decisions made.
          ...(notices.length > 0 ? deliverNotices(this.inboxTable!, notices) : []),
        ]),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) throw new ApplicationChanged();
      throw error;
    }
    return next;
  }

  /** The application's next state, written only from the state and version it was decided on. */
  private guardedPut(application: Application, next: Application, extraCondition?: string) {
    // Keys last: they follow the state written, whatever the object read carried. From the state
    // it was decided on, once: two admins cannot both move it.
    return putOverRead(this.tableName, { ...next, ...appKey(application.applicationId), ...indexKeys(next) }, application, extraCondition);
  }

  async object(application: Application, objection: { by: string; reason: string; at: string }, event: ApplicationEvent) {
    const next: Application = { ...application, objection, status: 'objected', updatedAt: event.at, version: application.version + 1 };
    await refusedAs(
      transactWrite(this.documents, [
        // A dismissal stands: no objection after one was dismissed.
        this.guardedPut(application, next, 'attribute_not_exists(objectionDismissedAt)'),
        this.eventItem(application.applicationId, event),
        {
          Put: {
            TableName: this.tableName,
            Item: { ...objectionKey(application.applicationId, objection.by), ...objection },
            // One objection per member and application, whatever became of it.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]),
      (failed) => (failed.includes(2) ? new AlreadyObjected() : failed.includes(0) ? new ApplicationChanged() : undefined),
    );
    return next;
  }

  async lottery(programmeId: string, cycle: string, options = { withSeed: false }): Promise<Lottery | undefined> {
    const pk = lotteryPk(programmeId, cycle);
    const { Item: head } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk: 'LOTTERY' }, ConsistentRead: true }));
    if (!head) return undefined;
    // Only the chunks of the commitment the head names: a refused second commit's leftovers are never read.
    // (A head without `chunks` predates that: its chunks are ELIGIBLE#nnnn.)
    const keyedByCommitment = head.chunks !== undefined;
    const prefix = keyedByCommitment ? chunkPrefix(String(head.commitment)) : 'ELIGIBLE#';
    const chunks = await queryAllUnder(this.documents, this.tableName, pk, prefix, { ConsistentRead: true });
    const ofThisList = chunks.filter((item) => keyedByCommitment || /^ELIGIBLE#\d{4}$/.test(String(item.sk)));
    if (keyedByCommitment && ofThisList.length !== head.chunks) throw new Error(`Lottery ${pk} names ${head.chunks} chunks, ${ofThisList.length} are stored`);
    const eligible = ofThisList.sort((a, b) => String(a.sk).localeCompare(String(b.sk))).flatMap((item) => item.ids as string[]);
    // The secret is stored as `seed` (its name before the beacon was mixed in).
    const { seed, chunks: _chunks, ...rest } = stripKeys<Lottery & { seed?: string; chunks?: number }>(head);
    // The secret stays secret until the draw is done.
    return { ...rest, eligible, ...((options.withSeed || rest.drawnAt) && seed ? { secret: seed } : {}) };
  }

  /**
   * A published list never changes. Each commit writes its chunks under keys derived from its own
   * (fresh, random) commitment, each put only if the key is new, and the head last, only if there
   * is none: a second or concurrent commit cannot touch the list the head names — its head is
   * refused, and its own chunks, never read, are deleted again. (One transaction with the head
   * would cap the list at 4 MB; conditional chunk puts under commitment-derived keys have no cap.)
   */
  async commitLottery(lottery: Lottery & { secret: string }) {
    const pk = lotteryPk(lottery.programmeId, lottery.cycle);
    const chunks = Array.from({ length: Math.ceil(lottery.eligible.length / CHUNK) }, (_, i) => lottery.eligible.slice(i * CHUNK, (i + 1) * CHUNK));
    const keys = chunks.map((_, i) => ({ pk, sk: `${chunkPrefix(lottery.commitment)}${String(i).padStart(4, '0')}` }));
    // The list first, the head last: a lottery exists only once its whole list is stored.
    for (const [i, ids] of chunks.entries()) {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { ...keys[i]!, ids }, ConditionExpression: 'attribute_not_exists(pk)' }));
    }
    const { eligible: _eligible, secret, ...head } = lottery;
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { pk, sk: 'LOTTERY', ...head, seed: secret, chunks: chunks.length }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      for (const key of keys) await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      throw new LotteryState('The lottery of this cycle is already committed.');
    }
  }

  async revealBeacon(programmeId: string, cycle: string, value: BeaconRound) {
    await refusedAs(
      this.updateLottery(programmeId, cycle, {
        UpdateExpression: 'SET #beacon.#randomness = :randomness, #beacon.#signature = :signature',
        // The round the commitment named, and one value for it, ever.
        ConditionExpression: '#beacon.#round = :round AND (attribute_not_exists(#beacon.#randomness) OR #beacon.#randomness = :randomness)',
        ExpressionAttributeNames: { '#beacon': 'beacon', '#round': 'round', '#randomness': 'randomness', '#signature': 'signature' },
        ExpressionAttributeValues: { ':round': value.round, ':randomness': value.randomness, ':signature': value.signature },
      }),
      () => new LotteryState(`The lottery waits for another beacon round, or has another value for round ${value.round}.`),
    );
  }

  async markDrawn(programmeId: string, cycle: string, at: string) {
    // Drawn once: the first run of the draw marks it.
    return writtenUnlessRefused(
      this.updateLottery(programmeId, cycle, { UpdateExpression: 'SET drawnAt = :at', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(drawnAt)', ExpressionAttributeValues: { ':at': at } }),
    );
  }

  private updateLottery(programmeId: string, cycle: string, update: Omit<UpdateCommandInput, 'TableName' | 'Key'>) {
    return this.documents.send(new UpdateCommand({ TableName: this.tableName, Key: lotteryKey(programmeId, cycle), ...update }));
  }

  /**
   * Applications of every programme and cycle filed under the old path get the new one (the
   * reviewers' work list keys on it), each from the copy read and with a new version, so a
   * decision taken on a copy read before the move is refused rather than writing the old path back.
   */
  async rePathApplications(oldPath: string, newPath: string, deadline: number, now: Date = new Date()): Promise<{ moved: number; done: boolean }> {
    const steps = (await this.programmes()).flatMap((programme) =>
      cyclesBetween(programme, new Date(programme.createdAt), now).flatMap((cycle) =>
        applicationStatuses.map((status) => () =>
          rePathUnder(
            this.documents,
            { table: this.tableName, index: 'bySubtree', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', partition: `SUBTREE#${programme.programmeId}#${cycle}#${status}`, prefix: oldPath },
            (item) => {
              const application = applicationOf(item);
              const moved = { ...application, organisationPath: newPath + application.organisationPath.slice(oldPath.length) };
              return {
                Key: appKey(application.applicationId),
                UpdateExpression: 'SET organisationPath = :path, gsi3sk = :g3sk, version = version + :one',
                ConditionExpression: 'gsi3sk = :old',
                ExpressionAttributeValues: { ':path': moved.organisationPath, ':g3sk': indexKeys(moved).gsi3sk, ':old': item.gsi3sk, ':one': 1 },
              };
            },
            deadline,
          ),
        ),
      ),
    );
    return rePathAll(steps);
  }
}

