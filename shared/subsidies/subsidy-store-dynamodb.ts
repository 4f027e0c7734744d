/**
 * DynamoDB storage of programmes, applications and lotteries; the only code that knows the
 * subsidies table's keys.
 *   PROGRAMME#<id>               / PROGRAMME     (gsi2: PROGRAMMES / <id>)
 *   APPLIED#<prog>#<cycle>#<sub> / APPLIED       one application per member, programme and cycle
 *   APP#<id>                     / APP           the application (version-guarded)
 *     gsi1 MEMBER#<sub> / <createdAt>;  gsi2 CYCLE#<prog>#<cycle> / <status>#<id>
 *   APP#<id>                     / EVENT#<at>#n  its audit trail
 *   APP#<id>                     / OBJECTION#<sub> one objection per member and application
 *   LOTTERY#<prog>#<cycle>       / LOTTERY       commitment, seed (hidden until drawn)
 *   LOTTERY#<prog>#<cycle>       / ELIGIBLE#nnn  the published list, in chunks of 5,000 ids
 */
import { isConditionFailed, conditionFailedAt } from '../aws/transactions';
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../accounts/keys';
import { queryAll, queryPage } from '../aws/queries';
import type { Page } from '../pagination';
import type { Application, ApplicationEvent, ApplicationStatus } from './application';
import { AlreadyApplied, AlreadyObjected, ApplicationChanged, LotteryState, ProgrammeExists } from './errors';
import type { Programme } from './programme';
import type { Lottery, SubsidyStore } from './subsidy-store';
import type { PayoutItem } from '../payouts/payout';
import { putPayoutItem } from '../payouts/payout-keys';

const CHUNK = 5_000;
const appKey = (id: string) => ({ pk: `APP#${id}`, sk: 'APP' });
const objectionKey = (id: string, by: string) => ({ pk: appKey(id).pk, sk: `OBJECTION#${by}` });
const lotteryPk = (programmeId: string, cycle: string) => `LOTTERY#${programmeId}#${cycle}`;
const indexKeys = (a: Application) => ({
  gsi1pk: `MEMBER#${a.userId}`,
  gsi1sk: a.createdAt,
  gsi2pk: `CYCLE#${a.programmeId}#${a.cycle}`,
  gsi2sk: `${a.status}#${a.applicationId}`,
});

export class DynamoSubsidyStore implements SubsidyStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly payoutsTable?: string,
  ) {}

  async programme(programmeId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk: `PROGRAMME#${programmeId}`, sk: 'PROGRAMME' } }));
    return Item ? stripKeys<Programme>(Item) : undefined;
  }

  async programmes() {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'byCycle',
      KeyConditionExpression: 'gsi2pk = :all',
      ExpressionAttributeValues: { ':all': 'PROGRAMMES' },
    });
    return items.map((item) => stripKeys<Programme>(item));
  }

  async putProgramme(programme: Programme) {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `PROGRAMME#${programme.programmeId}`, sk: 'PROGRAMME', gsi2pk: 'PROGRAMMES', gsi2sk: programme.programmeId, ...programme },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new ProgrammeExists(programme.programmeId);
      throw error;
    }
  }

  private eventItem(applicationId: string, event: ApplicationEvent) {
    return { Put: { TableName: this.tableName, Item: { pk: `APP#${applicationId}`, sk: `EVENT#${event.at}#${randomBytes(3).toString('hex')}`, ...event } } };
  }

  async createApplication(application: Application, event: ApplicationEvent) {
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: `APPLIED#${application.programmeId}#${application.cycle}#${application.userId}`, sk: 'APPLIED', applicationId: application.applicationId },
                // The member applies once per programme and cycle.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: { ...appKey(application.applicationId), ...indexKeys(application), ...application }, ConditionExpression: 'attribute_not_exists(pk)' } },
            this.eventItem(application.applicationId, event),
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) throw new AlreadyApplied();
      throw error;
    }
  }

  async application(applicationId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: appKey(applicationId), ConsistentRead: true }));
    return Item ? stripKeys<Application>(Item) : undefined;
  }

  async timeline(applicationId: string) {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':pk': `APP#${applicationId}`, ':event': 'EVENT#' },
    });
    return items.map((item) => stripKeys<ApplicationEvent>(item));
  }

  byMember(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Application>> {
    return queryPage(
      this.documents,
      { TableName: this.tableName, IndexName: 'byMember', KeyConditionExpression: 'gsi1pk = :m', ExpressionAttributeValues: { ':m': `MEMBER#${userId}` }, ScanIndexForward: false },
      page,
      (item) => stripKeys<Application>(item),
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
      (item) => stripKeys<Application>(item),
    );
  }

  async transition(application: Application, to: ApplicationStatus, event: ApplicationEvent, changes: Partial<Application> = {}, payout?: PayoutItem) {
    if (payout && !this.payoutsTable) throw new Error('This subsidy store was built without the payouts table');
    const next: Application = { ...application, ...changes, status: to, updatedAt: event.at, version: application.version + 1 };
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            this.guardedPut(application, next),
            this.eventItem(application.applicationId, event),
            // Payable and owed in one write: a payable subsidy always has its payout item.
            ...(payout ? [putPayoutItem(this.payoutsTable!, payout)] : []),
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) throw new ApplicationChanged();
      throw error;
    }
    return next;
  }

  /** The application's next state, written only from the state and version it was decided on. */
  private guardedPut(application: Application, next: Application, extraCondition?: string) {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...appKey(application.applicationId), ...indexKeys(next), ...next },
        // From the state it was decided on, once: two admins cannot both move it.
        ConditionExpression: ['#status = :from AND version = :version', extraCondition].filter(Boolean).join(' AND '),
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': application.status, ':version': application.version },
      },
    };
  }

  async object(application: Application, objection: { by: string; reason: string; at: string }, event: ApplicationEvent) {
    const next: Application = { ...application, objection, status: 'objected', updatedAt: event.at, version: application.version + 1 };
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
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
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 2)) throw new AlreadyObjected();
      if (conditionFailedAt(error, 0)) throw new ApplicationChanged();
      throw error;
    }
    return next;
  }

  async lottery(programmeId: string, cycle: string, options = { withSeed: false }): Promise<Lottery | undefined> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': lotteryPk(programmeId, cycle) },
      ConsistentRead: true,
    });
    const head = items.find((item) => item.sk === 'LOTTERY');
    if (!head) return undefined;
    const eligible = items
      .filter((item) => String(item.sk).startsWith('ELIGIBLE#'))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      .flatMap((item) => item.ids as string[]);
    const { seed, ...rest } = stripKeys<Lottery & { seed?: string }>(head);
    // The seed stays secret until the draw is done.
    return { ...rest, eligible, ...((options.withSeed || rest.drawnAt) && seed ? { seed } : {}) };
  }

  async commitLottery(lottery: Lottery & { seed: string }) {
    const pk = lotteryPk(lottery.programmeId, lottery.cycle);
    const chunks = Array.from({ length: Math.ceil(lottery.eligible.length / CHUNK) }, (_, i) => lottery.eligible.slice(i * CHUNK, (i + 1) * CHUNK));
    // The list first, the head last: a lottery exists only once its whole list is stored.
    for (let i = 0; i < chunks.length; i += 25) {
      await this.documents.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.tableName]: chunks.slice(i, i + 25).map((ids, j) => ({ PutRequest: { Item: { pk, sk: `ELIGIBLE#${String(i + j).padStart(4, '0')}`, ids } } })),
          },
        }),
      );
    }
    const { eligible: _eligible, ...head } = lottery;
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { pk, sk: 'LOTTERY', ...head }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (isConditionFailed(error)) throw new LotteryState('The lottery of this cycle is already committed.');
      throw error;
    }
  }

  async markDrawn(programmeId: string, cycle: string, at: string) {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: lotteryPk(programmeId, cycle), sk: 'LOTTERY' },
          UpdateExpression: 'SET drawnAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(drawnAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}

