/**
 * DynamoDB storage of prize draws; the only code that knows the draws table's keys.
 *   DRAW#<id> / DRAW                      the draw (status, counters, commitment, beacon round, secret
 *                                         hidden until drawn, nextRank, passOns)
 *       gsi2 AUDIENCE#<orgId> / <entriesCloseAt>#<id>    open to that organisation's members
 *       gsi3 DRAWS#<province> / <audience path><createdAt>#<id>   an admin's subtree, by prefix
 *       gsi4 UNFINISHED / <id>            while drawn but offers or ranks are still being written
 *   DRAW#<id> / ENTRANT#<sub>             one entry per member (holds the entry id)
 *   DRAW#<id> / ENTRY#<entryId>           the entry (status, rank, offer)   gsi1 MEMBER#<sub> / <enteredAt>#<id>
 *   DRAW#<id> / ELIGIBLE#<commitment>#nnnn the frozen list, sorted entry ids, 5,000 a chunk
 *   DRAW#<id> / RANKED#nnnn               the ranking: entry ids in rank order, 5,000 a chunk
 *   DRAW#<id> / SLOT#<prizeId>#<nnn>      one unit of a prize: holder, deadline, version
 *       gsi4 OFFERED / <deadline>#<id>#<slotId>   while offered: the lapse sweep's list
 *   DRAW#<id> / STEP#<nnnnnn>             each pass-on step, numbered without gaps
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../accounts/keys';
import { provincePartition, queryAll, queryAllOf, queryAllUnder, queryPage, underSubtree } from '../aws/queries';
import { conditionFailedAt, isConditionFailed, refusedAs, transactWrite } from '../aws/transactions';
import type { BeaconPromise, BeaconRound } from '../beacon/beacon';
import { deliverNotices } from '../inbox/inbox-keys';
import type { Notice } from '../inbox/notice';
import type { Page } from '../pagination';
import type { Draw, Entry, Holder, PassOnStep, Slot } from './draw';
import type { DrawStore } from './draw-store';
import { AlreadyEntered, DrawState, EntriesClosed } from './errors';

const CHUNK = 5_000;
const pk = (drawId: string) => `DRAW#${drawId}`;
const headKey = (drawId: string) => ({ pk: pk(drawId), sk: 'DRAW' });
const entryKey = (drawId: string, entryId: string) => ({ pk: pk(drawId), sk: `ENTRY#${entryId}` });
const entrantKey = (drawId: string, userId: string) => ({ pk: pk(drawId), sk: `ENTRANT#${userId}` });
const slotKey = (drawId: string, slotId: string) => ({ pk: pk(drawId), sk: `SLOT#${slotId}` });
const chunkNo = (i: number) => String(i).padStart(4, '0');
const offeredKeys = (slot: Pick<Slot, 'drawId' | 'slotId'>, deadline: string) => ({ gsi4pk: 'OFFERED', gsi4sk: `${deadline}#${slot.drawId}#${slot.slotId}` });
const withoutKeys = <T>(item: Record<string, unknown>): T => {
  const { gsi3pk: _a, gsi3sk: _b, gsi4pk: _c, gsi4sk: _d, ...rest } = stripKeys<Record<string, unknown>>(item);
  return rest as T;
};
const drawOf = (item: Record<string, unknown>, withSecret = false): Draw => {
  const { secret, ...draw } = withoutKeys<Draw>(item);
  // The secret stays secret until the draw is done.
  return withSecret || draw.drawnAt ? { ...draw, ...(secret ? { secret } : {}) } : draw;
};

export class DynamoDrawStore implements DrawStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    /** `inbox`: where the notices of offers and pass-ons go (a store built without it makes none). */
    private readonly tables: { draws: string; inbox?: string },
  ) {}

  private get table() {
    return this.tables.draws;
  }

  async create(draw: Draw) {
    await this.documents.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...headKey(draw.drawId),
          ...draw,
          gsi2pk: `AUDIENCE#${draw.audience.organisationId}`,
          gsi2sk: `${draw.entriesCloseAt}#${draw.drawId}`,
          gsi3pk: provincePartition('DRAWS', draw.audience.organisationPath),
          gsi3sk: `${draw.audience.organisationPath}${draw.createdAt}#${draw.drawId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async draw(drawId: string, options = { withSecret: false }) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: headKey(drawId), ConsistentRead: true }));
    return Item ? drawOf(Item, options.withSecret) : undefined;
  }

  async enter(entry: Entry, now: Date) {
    await refusedAs(
      transactWrite(this.documents, [
        // One entry per member and draw, whatever arrives at once.
        { Put: { TableName: this.table, Item: { ...entrantKey(entry.drawId, entry.userId), entryId: entry.entryId }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: this.table,
            Item: { ...entryKey(entry.drawId, entry.entryId), ...entry, gsi1pk: `MEMBER#${entry.userId}`, gsi1sk: `${entry.enteredAt}#${entry.drawId}` },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.table,
            Key: headKey(entry.drawId),
            UpdateExpression: 'SET entrants = entrants + :one',
            // Only while open and in the window: nothing enters a list being frozen or frozen.
            ConditionExpression: '#status = :open AND entriesOpenAt <= :now AND entriesCloseAt > :now',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':one': 1, ':open': 'open', ':now': now.toISOString() },
          },
        },
      ]),
      (failed) => (failed.includes(0) ? new AlreadyEntered() : failed.includes(2) ? new EntriesClosed() : undefined),
    );
  }

  async entryOf(drawId: string, userId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: entrantKey(drawId, userId), ConsistentRead: true }));
    return Item ? this.entry(drawId, String(Item.entryId)) : undefined;
  }

  async entry(drawId: string, entryId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: entryKey(drawId, entryId), ConsistentRead: true }));
    return Item ? stripKeys<Entry>(Item) : undefined;
  }

  async freeze(drawId: string, now: Date, closedEarly?: { at: string; by: string; reason: string }) {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: headKey(drawId),
          UpdateExpression: closedEarly ? 'SET #status = :freezing, closedEarly = :early' : 'SET #status = :freezing',
          // Entries check `open` in their own transaction: after this write none is added.
          ConditionExpression: closedEarly ? '#status = :open' : '#status = :open AND entriesCloseAt <= :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open', ':freezing': 'freezing', ...(closedEarly ? { ':early': closedEarly } : { ':now': now.toISOString() }) },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return (await this.draw(drawId))?.status === 'freezing';
    }
  }

  async entryIds(drawId: string) {
    const items = await queryAllUnder(this.documents, this.table, pk(drawId), 'ENTRY#', { ProjectionExpression: 'entryId', ConsistentRead: true });
    return items.map((item) => String(item.entryId));
  }

  /**
   * A frozen list never changes: its chunks go under keys derived from its own (fresh, random)
   * commitment, each put only if new, and the head last, only from `freezing`; a second or
   * concurrent commit is refused at the head and deletes its own chunks, which nothing read.
   */
  async commit(drawId: string, commit: { entryIds: string[]; commitment: string; committedAt: string; beacon: BeaconPromise; secret: string }) {
    const sorted = [...commit.entryIds].sort();
    const chunks = Array.from({ length: Math.ceil(sorted.length / CHUNK) }, (_, i) => sorted.slice(i * CHUNK, (i + 1) * CHUNK));
    const keys = chunks.map((_, i) => ({ pk: pk(drawId), sk: `ELIGIBLE#${commit.commitment}#${chunkNo(i)}` }));
    for (const [i, ids] of chunks.entries()) {
      await this.documents.send(new PutCommand({ TableName: this.table, Item: { ...keys[i]!, ids }, ConditionExpression: 'attribute_not_exists(pk)' }));
    }
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: headKey(drawId),
          UpdateExpression: 'SET #status = :committed, commitment = :commitment, committedAt = :at, chunks = :chunks, beacon = :beacon, secret = :secret',
          // Once: only the commit that finds the list frozen and uncommitted publishes.
          ConditionExpression: '#status = :freezing AND attribute_not_exists(commitment)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':committed': 'committed',
            ':freezing': 'freezing',
            ':commitment': commit.commitment,
            ':at': commit.committedAt,
            ':chunks': chunks.length,
            ':beacon': commit.beacon,
            ':secret': commit.secret,
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      for (const key of keys) await this.documents.send(new DeleteCommand({ TableName: this.table, Key: key }));
      throw new DrawState('The draw is committed already: its list and commitment are published and never change.');
    }
  }

  async frozenList(draw: Draw, chunk?: number) {
    const prefix = `ELIGIBLE#${draw.commitment}#`;
    const items = await queryAll(this.documents, {
      TableName: this.table,
      KeyConditionExpression: chunk === undefined ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk AND sk = :prefix',
      ExpressionAttributeValues: { ':pk': pk(draw.drawId), ':prefix': chunk === undefined ? prefix : `${prefix}${chunkNo(chunk)}` },
      ConsistentRead: true,
    });
    if (chunk === undefined && items.length !== draw.chunks) throw new Error(`Draw ${draw.drawId} names ${draw.chunks} chunks, ${items.length} are stored`);
    return items.sort((a, b) => String(a.sk).localeCompare(String(b.sk))).flatMap((item) => item.ids as string[]);
  }

  async reveal(drawId: string, value: BeaconRound, drawnAt: string, firstPassOnRank: number) {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: headKey(drawId),
          UpdateExpression:
            'SET #status = :drawn, #beacon.#randomness = :randomness, #beacon.#signature = :signature, drawnAt = :at, nextRank = :next, passOns = :zero, gsi4pk = :unfinished, gsi4sk = :id',
          // Once, for the round the commitment named.
          ConditionExpression: '#status = :committed AND #beacon.#round = :round',
          ExpressionAttributeNames: { '#status': 'status', '#beacon': 'beacon', '#round': 'round', '#randomness': 'randomness', '#signature': 'signature' },
          ExpressionAttributeValues: {
            ':drawn': 'drawn',
            ':committed': 'committed',
            ':randomness': value.randomness,
            ':signature': value.signature,
            ':round': value.round,
            ':at': drawnAt,
            ':next': firstPassOnRank,
            ':zero': 0,
            ':unfinished': 'UNFINISHED',
            ':id': drawId,
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    const draw = await this.draw(drawId);
    if (draw?.status !== 'drawn' || draw.beacon?.randomness !== value.randomness) throw new DrawState('The draw is not committed to this beacon round.');
    return draw;
  }

  async putRanking(drawId: string, ranked: string[]) {
    for (let i = 0; i * CHUNK < ranked.length; i++) {
      await this.documents.send(new PutCommand({ TableName: this.table, Item: { pk: pk(drawId), sk: `RANKED#${chunkNo(i)}`, ids: ranked.slice(i * CHUNK, (i + 1) * CHUNK) } }));
    }
  }

  async rankedAt(drawId: string, rank: number) {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.table, Key: { pk: pk(drawId), sk: `RANKED#${chunkNo(Math.floor((rank - 1) / CHUNK))}` }, ConsistentRead: true }),
    );
    return (Item?.ids as string[] | undefined)?.[(rank - 1) % CHUNK];
  }

  async setRanks(drawId: string, ranked: string[]) {
    // A few at a time: ranks are facts derived from the published ranking; writing one twice changes nothing.
    for (let i = 0; i < ranked.length; i += 25) {
      await Promise.all(
        ranked.slice(i, i + 25).map((entryId, j) =>
          this.documents.send(
            new UpdateCommand({
              TableName: this.table,
              Key: entryKey(drawId, entryId),
              UpdateExpression: 'SET #rank = :rank',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#rank': 'rank' },
              ExpressionAttributeValues: { ':rank': i + j + 1 },
            }),
          ),
        ),
      );
    }
  }

  private noticeWrites(notices: Notice[]) {
    if (notices.length > 0 && !this.tables.inbox) throw new Error('This draw store was built without the inbox table');
    return deliverNotices(this.tables.inbox!, notices);
  }

  private entryOffer(drawId: string, holder: Holder, slot: Slot, deadline: string, condition: string) {
    return {
      Update: {
        TableName: this.table,
        Key: entryKey(drawId, holder.entryId),
        UpdateExpression: 'SET #status = :offered, #rank = :rank, slotId = :slot, prizeName = :prize, deadline = :deadline',
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#status': 'status', '#rank': 'rank' },
        ExpressionAttributeValues: { ':offered': 'offered', ':rank': holder.rank, ':slot': slot.slotId, ':prize': slot.prizeName, ':deadline': deadline, ...(condition.includes(':entered') ? { ':entered': 'entered' } : {}) },
      },
    };
  }

  async firstOffer(draw: Draw, slot: Slot, notices: Notice[]) {
    const put = {
      Put: {
        TableName: this.table,
        Item: { ...slotKey(draw.drawId, slot.slotId), ...slot, ...(slot.status === 'offered' ? offeredKeys(slot, slot.deadline!) : {}) },
        // The first offer of a slot is made once, however often the draw is completed.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    try {
      await transactWrite(this.documents, slot.holder ? [put, this.entryOffer(draw.drawId, slot.holder, slot, slot.deadline!, 'attribute_exists(pk)'), ...this.noticeWrites(notices)] : [put]);
      return true;
    } catch (error) {
      if (conditionFailedAt(error, 0)) return false;
      throw error;
    }
  }

  async finish(drawId: string) {
    await this.documents.send(
      new UpdateCommand({ TableName: this.table, Key: headKey(drawId), UpdateExpression: 'SET finished = :yes REMOVE gsi4pk, gsi4sk', ExpressionAttributeValues: { ':yes': true } }),
    );
  }

  async slot(drawId: string, slotId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: slotKey(drawId, slotId), ConsistentRead: true }));
    return Item ? withoutKeys<Slot>(Item) : undefined;
  }

  async slots(drawId: string) {
    const items = await queryAllUnder(this.documents, this.table, pk(drawId), 'SLOT#', { ConsistentRead: true });
    return items.map((item) => withoutKeys<Slot>(item));
  }

  async accept(slot: Slot, entry: Entry, now: Date) {
    try {
      await transactWrite(this.documents, [
        {
          Update: {
            TableName: this.table,
            Key: slotKey(slot.drawId, slot.slotId),
            UpdateExpression: 'SET #status = :accepted, acceptedAt = :now, version = :next REMOVE gsi4pk, gsi4sk',
            // Hers, as read, and before the deadline: a lapse or a pass-on in between wins, never both.
            ConditionExpression: '#status = :offered AND version = :version AND holder.entryId = :entry AND deadline > :now',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':accepted': 'accepted', ':offered': 'offered', ':now': now.toISOString(), ':version': slot.version, ':next': slot.version + 1, ':entry': entry.entryId },
          },
        },
        {
          Update: {
            TableName: this.table,
            Key: entryKey(slot.drawId, entry.entryId),
            UpdateExpression: 'SET #status = :accepted, decidedAt = :now',
            ConditionExpression: '#status = :offered',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':accepted': 'accepted', ':offered': 'offered', ':now': now.toISOString() },
          },
        },
      ]);
      return true;
    } catch (error) {
      if (conditionFailedAt(error, 0) || conditionFailedAt(error, 1)) return false;
      throw error;
    }
  }

  async passOn(draw: Draw, slot: Slot, step: PassOnStep, change: { to?: Holder & { deadline: string }; nextRank: number; reasonCheck: { now: string } }, notices: Notice[]) {
    const { to } = change;
    const slotUpdate = to
      ? {
          UpdateExpression: 'SET holder = :holder, offeredAt = :at, deadline = :deadline, version = :next, gsi4sk = :offeredSk',
          values: { ':holder': { entryId: to.entryId, userId: to.userId, rank: to.rank }, ':at': step.at, ':deadline': to.deadline, ':offeredSk': offeredKeys(slot, to.deadline).gsi4sk },
        }
      : { UpdateExpression: 'SET #status = :unclaimed, version = :next REMOVE holder, deadline, gsi4pk, gsi4sk', values: { ':unclaimed': 'unclaimed' } };
    try {
      await transactWrite(this.documents, [
        {
          Update: {
            TableName: this.table,
            Key: slotKey(slot.drawId, slot.slotId),
            UpdateExpression: slotUpdate.UpdateExpression,
            // Still hers, as read; a lapse only once the deadline has come, a decline only before it.
            ConditionExpression: `#status = :offered AND version = :version AND holder.entryId = :from AND deadline ${step.reason === 'lapsed' ? '<=' : '>'} :now`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':offered': 'offered', ':version': slot.version, ':next': slot.version + 1, ':from': step.from.entryId, ':now': change.reasonCheck.now, ...slotUpdate.values },
          },
        },
        {
          Update: {
            TableName: this.table,
            Key: headKey(draw.drawId),
            UpdateExpression: 'SET passOns = :step, nextRank = :nextRank',
            // Steps are numbered without gaps and each rank is offered once: two steps at once cannot take the same number.
            ConditionExpression: 'passOns = :previous',
            ExpressionAttributeValues: { ':step': step.step, ':previous': step.step - 1, ':nextRank': change.nextRank },
          },
        },
        { Put: { TableName: this.table, Item: { pk: pk(draw.drawId), sk: `STEP#${String(step.step).padStart(6, '0')}`, ...step }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            TableName: this.table,
            Key: entryKey(draw.drawId, step.from.entryId),
            UpdateExpression: 'SET #status = :reason, decidedAt = :at',
            ConditionExpression: '#status = :offered',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':reason': step.reason, ':at': step.at, ':offered': 'offered' },
          },
        },
        ...(to ? [this.entryOffer(draw.drawId, to, slot, to.deadline, '#status = :entered')] : []),
        ...this.noticeWrites(notices),
      ]);
      return 'done';
    } catch (error) {
      if (conditionFailedAt(error, 0)) return 'slot-changed';
      if (conditionFailedAt(error, 1)) return 'draw-changed';
      throw error;
    }
  }

  async steps(drawId: string) {
    const items = await queryAllUnder(this.documents, this.table, pk(drawId), 'STEP#', { ConsistentRead: true });
    return items.map((item) => stripKeys<PassOnStep>(item));
  }

  async dueOffers(now: Date, limit: number) {
    const page = await queryPage(
      this.documents,
      {
        TableName: this.table,
        IndexName: 'byDeadline',
        KeyConditionExpression: 'gsi4pk = :offered AND gsi4sk <= :due',
        ExpressionAttributeValues: { ':offered': 'OFFERED', ':due': `${now.toISOString()}#\uffff` },
      },
      { limit },
      (item) => withoutKeys<Slot>(item),
    );
    return page.items;
  }

  async unfinished() {
    const items = await queryAllOf(this.documents, this.table, { gsi4pk: 'UNFINISHED' }, { IndexName: 'byDeadline' });
    return items.map((item) => String(item.drawId));
  }

  byAudience(organisationId: string, now: Date, page: { limit: number; cursor?: string }): Promise<Page<Draw>> {
    return queryPage(
      this.documents,
      {
        TableName: this.table,
        IndexName: 'byAudience',
        KeyConditionExpression: 'gsi2pk = :audience AND gsi2sk > :now',
        ExpressionAttributeValues: { ':audience': `AUDIENCE#${organisationId}`, ':now': now.toISOString() },
      },
      page,
      (item) => drawOf(item),
    );
  }

  bySubtree(pathPrefix: string, page: { limit: number; cursor?: string }): Promise<Page<Draw>> {
    return queryPage(this.documents, underSubtree(this.table, { name: 'bySubtree', pk: 'gsi3pk', sk: 'gsi3sk' }, 'DRAWS', pathPrefix), page, (item) => drawOf(item));
  }

  byMember(userId: string, page: { limit: number; cursor?: string }): Promise<Page<Entry>> {
    return queryPage(
      this.documents,
      { TableName: this.table, IndexName: 'byMember', KeyConditionExpression: 'gsi1pk = :m', ExpressionAttributeValues: { ':m': `MEMBER#${userId}` }, ScanIndexForward: false },
      page,
      (item) => stripKeys<Entry>(item),
    );
  }
}
