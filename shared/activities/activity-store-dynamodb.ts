/**
 * DynamoDB storage of activities; the only code that knows the activities table's keys.
 *   pk ACTIVITY#<id>  sk ACTIVITY          the activity, with its counters: seatsTaken (≤ capacity), waiting, checkedIn
 *   pk ACTIVITY#<id>  sk SIGNUP#<sub>      one member's place (one item per member: nobody holds two seats)
 *   pk ACTIVITY#<id>  sk QUEUE#<ticket>    the waiting list, in arrival order (ticket zero-padded to 10 digits)
 *   pk ACTIVITY#<id>  sk TICKETS           the arrival counter of the waiting list
 *   byAudience        gsi1pk AUDIENCE#<audience union>  gsi1sk <startsAt>#<id>             (activities)
 *   bySubtree         gsi2pk ACTIVITIES#<province>      gsi2sk <organiser path><startsAt>#<id> (activities)
 *   byMember          gsi3pk MEMBER#<sub>               gsi3sk <endsAt>#<id>               (sign-ups)
 *   roster            gsi4pk ROSTER#<id>#<status>       gsi4sk <ticket> | <at>#<sub>       (sign-ups)
 *   offersByDeadline  gsi5pk OFFERS                     gsi5sk <offerExpiresAt>#<id>#<sub> (open offers only)
 * Every change of a seat is one transaction with the activity item, conditional on its counters,
 * and with the member's sign-up, conditional on the status and version it was read at. Notices
 * of offers go into the inbox table inside the same transaction (shared/inbox/inbox-keys.ts).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, excludingPaths, provincePartition, queryPage, underSubtree } from '../aws/queries';
import { isConditionFailed, putOverRead, transactWrite } from '../aws/transactions';
import { deliverNotices } from '../inbox/inbox-keys';
import type { Notice } from '../inbox/notice';
import type { Page } from '../pagination';
import { startKey, type Activity, type SignUp, type SignUpStatus } from './activity';
import type { ActivityStore, SeatWrite, WaitingEntry } from './activity-store';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

const partition = (activityId: string) => `ACTIVITY#${activityId}`;
const activityKey = (activityId: string) => ({ pk: partition(activityId), sk: 'ACTIVITY' });
const signUpKey = (activityId: string, userId: string) => ({ pk: partition(activityId), sk: `SIGNUP#${userId}` });
const padTicket = (ticket: number) => String(ticket).padStart(10, '0');
const queueKey = (activityId: string, ticket: number) => ({ pk: partition(activityId), sk: `QUEUE#${padTicket(ticket)}` });
const ticketsKey = (activityId: string) => ({ pk: partition(activityId), sk: 'TICKETS' });
const OFFERS = 'OFFERS';

const activityItem = (activity: Activity): Item => ({
  ...activityKey(activity.activityId),
  gsi1pk: `AUDIENCE#${activity.audience.organisationId}`,
  gsi1sk: startKey(activity),
  gsi2pk: provincePartition('ACTIVITIES', activity.organisationPath),
  gsi2sk: `${activity.organisationPath}${startKey(activity)}`,
  ...activity,
});

const rosterKeys = (activityId: string, userId: string, status: SignUpStatus, at: string, ticket?: number) => ({
  gsi4pk: `ROSTER#${activityId}#${status}`,
  gsi4sk: status === 'waiting' && ticket !== undefined ? padTicket(ticket) : `${at}#${userId}`,
});

const offerKeys = (activityId: string, userId: string, expiresAt: string) => ({ gsi5pk: OFFERS, gsi5sk: `${expiresAt}#${activityId}#${userId}` });

const signUpItem = (signUp: SignUp): Item => ({
  ...signUpKey(signUp.activityId, signUp.userId),
  gsi3pk: `MEMBER#${signUp.userId}`,
  gsi3sk: `${signUp.endsAt}#${signUp.activityId}`,
  ...rosterKeys(signUp.activityId, signUp.userId, signUp.status, signUp.status === 'checked-in' ? signUp.checkedInAt! : signUp.updatedAt, signUp.ticket),
  ...(signUp.status === 'offered' && signUp.offerExpiresAt && offerKeys(signUp.activityId, signUp.userId, signUp.offerExpiresAt)),
  ...signUp,
});

function strip<T>(item: Item): T {
  const { pk: _pk, sk: _sk, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, gsi3pk: _5, gsi3sk: _6, gsi4pk: _7, gsi4sk: _8, gsi5pk: _9, gsi5sk: _10, ...rest } = item;
  return rest as T;
}

/** Why a transaction was cancelled, item by item (undefined: not a cancellation). */
function reasons(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code);
}

export class DynamoActivityStore implements ActivityStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tables: { activities: string; inbox?: string },
  ) {}

  private get table() {
    return this.tables.activities;
  }

  private get inbox(): string {
    if (!this.tables.inbox) throw new Error('This activity store was built without the inbox table');
    return this.tables.inbox;
  }

  /**
   * Runs a transaction; a cancellation is read by `interpret` from the failed conditions (item
   * indexes), and a collision with another transaction is 'contended'.
   */
  private async transact(items: TransactItem[], interpret: (failed: (index: number) => boolean) => SeatWrite): Promise<SeatWrite> {
    try {
      await transactWrite(this.documents, items);
      return 'done';
    } catch (error) {
      const codes = reasons(error);
      if (!codes) throw error;
      if (codes.includes('ConditionalCheckFailed')) return interpret((index) => codes[index] === 'ConditionalCheckFailed');
      if (codes.includes('TransactionConflict')) return 'contended';
      throw error;
    }
  }

  /** The member's place moves from the status and version it was read at to `next`. */
  private movePlace(from: SignUp, next: SignUp): TransactItem {
    // From the place as read, once: two changes of one member's place cannot both happen.
    return putOverRead(this.table, signUpItem(next), from);
  }

  private newPlace(signUp: SignUp, previous: SignUp | undefined): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: signUpItem(signUp),
        // One place per member and activity: a new one only where there was none, or over the ended one read.
        ConditionExpression: previous ? 'version = :previous' : 'attribute_not_exists(pk)',
        ...(previous && { ExpressionAttributeValues: { ':previous': previous.version } }),
      },
    };
  }

  private async activityStatus(activityId: string): Promise<Activity['status'] | undefined> {
    return (await this.get(activityId))?.status;
  }

  async create(activity: Activity): Promise<void> {
    await transactWrite(this.documents, [
      { Put: { TableName: this.table, Item: activityItem(activity), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.table, Item: { ...ticketsKey(activity.activityId), next: 0 }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  }

  async get(activityId: string): Promise<Activity | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: activityKey(activityId), ConsistentRead: true }));
    return Item ? strip<Activity>(Item) : undefined;
  }

  async getMany(activityIds: string[]): Promise<Activity[]> {
    return (await batchGetAll(this.documents, this.table, activityIds.map(activityKey))).map((item) => strip<Activity>(item));
  }

  async byAudience(organisationId: string, after: string, limit: number) {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byAudience',
        KeyConditionExpression: 'gsi1pk = :audience AND gsi1sk > :after',
        ExpressionAttributeValues: { ':audience': `AUDIENCE#${organisationId}`, ':after': after },
        Limit: limit,
      }),
    );
    return { items: (result.Items ?? []).map((item) => strip<Activity>(item)), more: result.LastEvaluatedKey !== undefined };
  }

  underPath(pathPrefix: string, page: { limit: number; cursor?: string }, excluding: string[] = []): Promise<Page<Activity>> {
    return queryPage(
      this.documents,
      excludingPaths(underSubtree(this.table, { name: 'bySubtree', pk: 'gsi2pk', sk: 'gsi2sk' }, 'ACTIVITIES', pathPrefix), 'organisationPath', excluding),
      page,
      (item) => strip<Activity>(item),
    );
  }

  async signUp(activityId: string, userId: string): Promise<SignUp | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: signUpKey(activityId, userId), ConsistentRead: true }));
    return Item ? strip<SignUp>(Item) : undefined;
  }

  byMember(userId: string, when: 'upcoming' | 'past', now: string, page: { limit: number; cursor?: string }): Promise<Page<SignUp>> {
    return queryPage(
      this.documents,
      {
        TableName: this.table,
        IndexName: 'byMember',
        KeyConditionExpression: when === 'upcoming' ? 'gsi3pk = :member AND gsi3sk >= :now' : 'gsi3pk = :member AND gsi3sk < :now',
        ExpressionAttributeValues: { ':member': `MEMBER#${userId}`, ':now': now },
        ScanIndexForward: when === 'upcoming',
      },
      page,
      (item) => strip<SignUp>(item),
    );
  }

  roster(activityId: string, status: SignUpStatus, page: { limit: number; cursor?: string }): Promise<Page<SignUp>> {
    return queryPage(
      this.documents,
      { TableName: this.table, IndexName: 'roster', KeyConditionExpression: 'gsi4pk = :roster', ExpressionAttributeValues: { ':roster': `ROSTER#${activityId}#${status}` } },
      page,
      (item) => strip<SignUp>(item),
    );
  }

  signUps(activityId: string, page: { limit: number; cursor?: string }): Promise<Page<SignUp>> {
    return queryPage(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :signUp)',
        ExpressionAttributeValues: { ':pk': partition(activityId), ':signUp': 'SIGNUP#' },
        ConsistentRead: true,
      },
      page,
      (item) => strip<SignUp>(item),
    );
  }

  async waitingAhead(activityId: string, ticket: number): Promise<number> {
    let count = 0;
    let startKey: Item | undefined;
    do {
      const result = await this.documents.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :before',
          ExpressionAttributeValues: { ':pk': partition(activityId), ':first': 'QUEUE#', ':before': `QUEUE#${padTicket(ticket - 1)}` },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      count += result.Count ?? 0;
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  async firstWaiting(activityId: string): Promise<WaitingEntry | undefined> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :queue)',
        ExpressionAttributeValues: { ':pk': partition(activityId), ':queue': 'QUEUE#' },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const first = Items[0];
    return first ? { userId: first.userId as string, ticket: first.ticket as number } : undefined;
  }

  async nextTicket(activityId: string): Promise<number> {
    const { Attributes } = await this.documents.send(
      new UpdateCommand({ TableName: this.table, Key: ticketsKey(activityId), UpdateExpression: 'ADD #next :one', ExpressionAttributeNames: { '#next': 'next' }, ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }),
    );
    return Attributes!.next as number;
  }

  async dueOffers(now: string, limit: number) {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'offersByDeadline',
        // Deadlines up to and including now: "<now>#…" sorts after "<now>", so bound it past every id.
        KeyConditionExpression: 'gsi5pk = :offers AND gsi5sk <= :bound',
        ExpressionAttributeValues: { ':offers': OFFERS, ':bound': `${now}#\uffff` },
        Limit: limit,
      }),
    );
    return Items.map((item) => ({ activityId: item.activityId as string, userId: item.userId as string }));
  }

  /** One more on an open activity's counter (a seat taken, a place in line), while `condition` holds. */
  private addToOpenActivity(activityId: string, counter: 'seatsTaken' | '#waiting', condition: string) {
    return {
      Update: {
        TableName: this.table,
        Key: activityKey(activityId),
        UpdateExpression: `ADD ${counter} :one`,
        ConditionExpression: `#status = :open AND ${condition}`,
        ExpressionAttributeNames: { '#status': 'status', '#capacity': 'capacity', '#waiting': 'waiting' },
        ExpressionAttributeValues: { ':one': 1, ':open': 'open', ':zero': 0 },
      },
    };
  }

  async takeSeat(signUp: SignUp, previous: SignUp | undefined): Promise<SeatWrite> {
    const result = await this.transact(
      [
        // Never more seats than capacity; and no seat taken past members waiting for one.
        this.addToOpenActivity(signUp.activityId, 'seatsTaken', 'seatsTaken < #capacity AND #waiting = :zero'),
        this.newPlace(signUp, previous),
      ],
      (failed) => (failed(1) ? 'changed' : 'full'),
    );
    if (result === 'full' && (await this.activityStatus(signUp.activityId)) !== 'open') return 'not-open';
    return result;
  }

  async joinWaitingList(signUp: SignUp, previous: SignUp | undefined): Promise<SeatWrite> {
    const ticket = signUp.ticket!;
    const result = await this.transact(
      [
        // Only when there is no seat for her: full, or others already wait for the next one.
        this.addToOpenActivity(signUp.activityId, '#waiting', '(seatsTaken >= #capacity OR #waiting > :zero)'),
        this.newPlace(signUp, previous),
        { Put: { TableName: this.table, Item: { ...queueKey(signUp.activityId, ticket), userId: signUp.userId, ticket }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
      (failed) => (failed(1) ? 'changed' : 'seat-free'),
    );
    if (result === 'seat-free' && (await this.activityStatus(signUp.activityId)) !== 'open') return 'not-open';
    return result;
  }

  passSeat(from: SignUp, to: SignUpStatus, at: string, next: WaitingEntry, offer: { offerNo: number; expiresAt: string; notice: Notice }): Promise<SeatWrite> {
    const { activityId } = from;
    return this.transact(
      [
        this.movePlace(from, { ...from, status: to, updatedAt: at, version: from.version + 1 }),
        {
          Update: {
            TableName: this.table,
            Key: signUpKey(activityId, next.userId),
            UpdateExpression:
              'SET #status = :offered, offerNo = :offerNo, offerExpiresAt = :expiresAt, updatedAt = :at, version = version + :one, gsi4pk = :rosterPk, gsi4sk = :rosterSk, gsi5pk = :offers, gsi5sk = :offerSk',
            // The seat goes to the first in line as she was found: still waiting, under that ticket.
            ConditionExpression: '#status = :waiting AND #ticket = :ticket',
            ExpressionAttributeNames: { '#status': 'status', '#ticket': 'ticket' },
            ExpressionAttributeValues: {
              ':offered': 'offered',
              ':offerNo': offer.offerNo,
              ':expiresAt': offer.expiresAt,
              ':at': at,
              ':one': 1,
              ':rosterPk': rosterKeys(activityId, next.userId, 'offered', at).gsi4pk,
              ':rosterSk': rosterKeys(activityId, next.userId, 'offered', at).gsi4sk,
              ':offers': OFFERS,
              ':offerSk': offerKeys(activityId, next.userId, offer.expiresAt).gsi5sk,
              ':waiting': 'waiting',
              ':ticket': next.ticket,
            },
          },
        },
        { Delete: { TableName: this.table, Key: queueKey(activityId, next.ticket), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Update: {
            TableName: this.table,
            Key: activityKey(activityId),
            // The seat stays taken (the offer holds it); one fewer waits. No offers once closed.
            UpdateExpression: 'ADD #waiting :minusOne',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status', '#waiting': 'waiting' },
            ExpressionAttributeValues: { ':minusOne': -1, ':open': 'open' },
          },
        },
        ...deliverNotices(this.inbox, [offer.notice]),
      ],
      (failed) => (failed(0) ? 'changed' : failed(3) ? 'not-open' : 'next-changed'),
    );
  }

  freeSeat(from: SignUp, to: SignUpStatus, at: string, noOneWaiting: boolean): Promise<SeatWrite> {
    return this.transact(
      [
        this.movePlace(from, { ...from, status: to, updatedAt: at, version: from.version + 1 }),
        {
          Update: {
            TableName: this.table,
            Key: activityKey(from.activityId),
            UpdateExpression: 'ADD seatsTaken :minusOne',
            // A seat is free only when no one waits for it (else it must pass to the first in line).
            ConditionExpression: noOneWaiting ? '#waiting = :zero' : 'attribute_exists(pk)',
            ...(noOneWaiting && { ExpressionAttributeNames: { '#waiting': 'waiting' } }),
            ExpressionAttributeValues: { ':minusOne': -1, ...(noOneWaiting && { ':zero': 0 }) },
          },
        },
      ],
      (failed) => (failed(0) ? 'changed' : 'waiting-changed'),
    );
  }

  leaveWaitingList(from: SignUp, at: string): Promise<SeatWrite> {
    return this.transact(
      [
        this.movePlace(from, { ...from, status: 'left', updatedAt: at, version: from.version + 1 }),
        { Delete: { TableName: this.table, Key: queueKey(from.activityId, from.ticket!), ConditionExpression: 'attribute_exists(pk)' } },
        { Update: { TableName: this.table, Key: activityKey(from.activityId), UpdateExpression: 'ADD #waiting :minusOne', ExpressionAttributeNames: { '#waiting': 'waiting' }, ExpressionAttributeValues: { ':minusOne': -1 } } },
      ],
      () => 'changed',
    );
  }

  acceptOffer(from: SignUp, at: string): Promise<SeatWrite> {
    const next: SignUp = { ...from, status: 'signed-up', updatedAt: at, version: from.version + 1 };
    return this.transact(
      [
        {
          Put: {
            TableName: this.table,
            Item: signUpItem(next),
            // The offer as read, and only before its deadline: a lapsed offer's seat is not hers.
            ConditionExpression: '#status = :offered AND version = :version AND offerExpiresAt > :at',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':offered': 'offered', ':version': from.version, ':at': at },
          },
        },
        {
          ConditionCheck: {
            TableName: this.table,
            Key: activityKey(from.activityId),
            ConditionExpression: '#status <> :cancelled',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':cancelled': 'cancelled' },
          },
        },
      ],
      (failed) => (failed(0) ? 'changed' : 'not-open'),
    );
  }

  checkIn(from: SignUp, checkIn: { checkedInAt: string; checkedInBy: string; recordedAt: string }): Promise<SeatWrite> {
    const next: SignUp = {
      ...from,
      status: 'checked-in',
      checkedInAt: checkIn.checkedInAt,
      checkedInBy: checkIn.checkedInBy,
      checkInRecordedAt: checkIn.recordedAt,
      updatedAt: checkIn.recordedAt,
      version: from.version + 1,
    };
    return this.transact(
      [
        this.movePlace(from, next),
        {
          Update: {
            TableName: this.table,
            Key: activityKey(from.activityId),
            UpdateExpression: 'ADD checkedIn :one',
            ConditionExpression: '#status <> :cancelled',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':one': 1, ':cancelled': 'cancelled' },
          },
        },
      ],
      (failed) => (failed(0) ? 'changed' : 'not-open'),
    );
  }

  async setStatus(activity: Activity, from: Activity['status'][], change: Pick<Activity, 'status' | 'closedAt' | 'cancelledAt' | 'statusChangedBy' | 'statusReason'>): Promise<SeatWrite> {
    const fields = Object.entries(change).filter(([, value]) => value !== undefined);
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: activityKey(activity.activityId),
          UpdateExpression: `SET ${fields.map(([name]) => `#${name} = :${name}`).join(', ')}`,
          // From the status it was decided on: a cancelled activity is never reopened or closed.
          ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: Object.fromEntries([['#status', 'status'], ...fields.map(([name]) => [`#${name}`, name])]),
          ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])), ...Object.fromEntries(from.map((status, i) => [`:from${i}`, status])) },
        }),
      );
      return 'done';
    } catch (error) {
      if (isConditionFailed(error)) return 'changed';
      throw error;
    }
  }

  async tellMember(signUp: SignUp, notice: Notice, to?: SignUpStatus): Promise<'delivered' | 'already' | 'changed'> {
    const at = notice.at;
    const place: TransactItem = to
      ? this.movePlace(signUp, { ...signUp, status: to, updatedAt: at, version: signUp.version + 1 })
      : {
          ConditionCheck: {
            TableName: this.table,
            Key: signUpKey(signUp.activityId, signUp.userId),
            ConditionExpression: '#status = :status AND version = :version',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': signUp.status, ':version': signUp.version },
          },
        };
    const leavesLine: TransactItem[] =
      to && signUp.status === 'waiting' && signUp.ticket !== undefined
        ? [
            { Delete: { TableName: this.table, Key: queueKey(signUp.activityId, signUp.ticket) } },
            { Update: { TableName: this.table, Key: activityKey(signUp.activityId), UpdateExpression: 'ADD #waiting :minusOne', ExpressionAttributeNames: { '#waiting': 'waiting' }, ExpressionAttributeValues: { ':minusOne': -1 } } },
          ]
        : [];
    const items = [place, ...leavesLine, ...deliverNotices(this.inbox, [notice])];
    const noticeAt = 1 + leavesLine.length;
    const result = await this.transact(items, (failed) => (failed(noticeAt) ? 'next-changed' : 'changed'));
    // (The notice's own condition refused it: it was delivered before, with this change.)
    if (result === 'next-changed') return 'already';
    if (result === 'contended') return 'changed';
    return result === 'done' ? 'delivered' : 'changed';
  }
}
