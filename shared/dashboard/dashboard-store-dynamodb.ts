/**
 * The dashboard table's adapter: the only code that knows its keys.
 *   NODE#<orgId>       / NODE      an organisation's counted subtree: totals, months (a map of
 *                                  YYYY-MM → figures), countedParent, kind, version, updatedAt
 *   APPLIED#<eventID>  / APPLIED   a stream record applied (expiresAt: TTL, a few days past the
 *                                  stream's 24-hour retention, so a redelivery always meets it)
 * It also reads, by their own key shapes, the few records that say whose a figure is: an
 * organisation (consistently: a move's stream record must see the parent it wrote), a campaign's
 * audience, a claim's or an application's union (all three fixed once written).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../aws/queries';
import { isConditionFailed } from '../aws/transactions';
import type { OrganisationKind } from '../organisations/organisation';
import type { ApplyOutcome, CountedNode, CurrentOrganisation, DashboardReader, DashboardStore, NodeWrite, RebuildSource, SubtreeFigures } from './dashboard-store';
import { emptySummary, type OwnerRef, type SourceTable, type Summary } from './figures';

const nodeKey = (organisationId: string) => ({ pk: `NODE#${organisationId}`, sk: 'NODE' });
const markerKey = (eventId: string) => ({ pk: `APPLIED#${eventId}`, sk: 'APPLIED' });
/** Stream records live 24 hours; a marker outlives any redelivery of its record. */
const MARKER_DAYS = 4;

type Item = Record<string, unknown>;

const nodeOf = (item: Item): CountedNode => ({
  organisationId: String(item.organisationId),
  kind: item.kind as OrganisationKind | undefined,
  countedParent: (item.countedParent as string | null | undefined) ?? null,
  version: Number(item.version ?? 0),
  summary: { totals: (item.totals as Summary['totals']) ?? {}, months: (item.months as Summary['months']) ?? {} },
  updatedAt: item.updatedAt as string | undefined,
});

export interface DashboardTables {
  dashboard: string;
  organisations?: string;
  coupons?: string;
  claims?: string;
  subsidies?: string;
  /** The rebuild's sources, by table. */
  sources?: Partial<Record<SourceTable, string>>;
}

export class DynamoDashboardStore implements DashboardStore, DashboardReader, RebuildSource {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tables: DashboardTables,
  ) {}

  private batchGet(table: string, keys: Item[]): Promise<Item[]> {
    return batchGetAll(this.documents, table, keys, { consistent: true });
  }

  async nodes(ids: string[]): Promise<Map<string, CountedNode>> {
    const items = await this.batchGet(this.tables.dashboard, [...new Set(ids)].map(nodeKey));
    return new Map(items.map((item) => [String(item.organisationId), nodeOf(item)]));
  }

  async createNode(node: CountedNode): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tables.dashboard,
          Item: { ...nodeKey(node.organisationId), organisationId: node.organisationId, kind: node.kind, countedParent: node.countedParent, version: node.version, totals: {}, months: {} },
          // One node per organisation: a second creation (a concurrent batch) leaves the first.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }

  async organisations(ids: string[]): Promise<Map<string, CurrentOrganisation>> {
    const items = await this.batchGet(this.tables.organisations!, [...new Set(ids)].map((id) => ({ pk: `ORG#${id}`, sk: 'ORG' })));
    return new Map(items.map((item) => [String(item.id), { id: String(item.id), kind: item.kind as OrganisationKind, parentId: item.parentId as string | undefined }]));
  }

  async ownerOf(owner: Exclude<OwnerRef, { organisationId: string }>): Promise<string | undefined> {
    const [table, key] =
      'campaignId' in owner
        ? [this.tables.coupons!, { pk: `CAMPAIGN#${owner.campaignId}`, sk: 'CAMPAIGN' }]
        : owner.source.kind === 'claim'
          ? [this.tables.claims!, { pk: `CLAIM#${owner.source.id}`, sk: 'CLAIM' }]
          : [this.tables.subsidies!, { pk: `APP#${owner.source.id}`, sk: 'APP' }];
    const { Item } = await this.documents.send(new GetCommand({ TableName: table, Key: key }));
    if (!Item) return undefined;
    return 'campaignId' in owner ? (Item.audience as { organisationId?: string } | undefined)?.organisationId : (Item.organisationId as string | undefined);
  }

  async apply(writes: NodeWrite[], markers: string[], at: Date): Promise<ApplyOutcome> {
    const expiresAt = Math.floor(at.getTime() / 1000) + MARKER_DAYS * 86_400;
    const items = [
      ...markers.map((eventId) => ({
        Put: {
          TableName: this.tables.dashboard,
          Item: { ...markerKey(eventId), at: at.toISOString(), expiresAt },
          // A record counts once: its marker is written with its change, and only if absent.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      ...writes.map(({ read, summary, countedParent }) => ({
        Put: {
          TableName: this.tables.dashboard,
          Item: {
            ...nodeKey(read.organisationId),
            organisationId: read.organisationId,
            kind: read.kind,
            countedParent: countedParent === undefined ? read.countedParent : countedParent,
            version: read.version + 1,
            totals: summary.totals,
            months: summary.months,
            updatedAt: at.toISOString(),
          },
          // Written on the figures and parent read: a change or move counted meanwhile (which
          // bumped the version) makes this one read again, so nothing is added to a stale sum.
          ConditionExpression: '#version = :read',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':read': read.version },
        },
      })),
    ];
    if (items.length === 0) return { kind: 'done' };
    try {
      await this.documents.send(new TransactWriteCommand({ TransactItems: items }));
      return { kind: 'done' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const applied = markers.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
      if (applied.length > 0) return { kind: 'already-applied', eventIds: applied };
      // A failed version condition, or a conflict with another transaction on a node: read again.
      return { kind: 'changed' };
    }
  }

  async figuresOf(organisationId: string): Promise<SubtreeFigures | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tables.dashboard, Key: nodeKey(organisationId) }));
    if (!Item) return undefined;
    const node = nodeOf(Item);
    return { summary: node.summary, version: node.version, updatedAt: node.updatedAt };
  }

  async scan(table: SourceTable, visit: (items: Item[]) => void): Promise<void> {
    const name = this.tables.sources?.[table];
    if (!name) throw new Error(`The rebuild was not given the ${table} table`);
    // Four segments at once: a full table's scan in a quarter of the time.
    await Promise.all(
      [0, 1, 2, 3].map(async (segment) => {
        let start: Item | undefined;
        do {
          const page = await this.documents.send(new ScanCommand({ TableName: name, Segment: segment, TotalSegments: 4, ExclusiveStartKey: start, ConsistentRead: true }));
          visit(page.Items ?? []);
          start = page.LastEvaluatedKey;
        } while (start);
      }),
    );
  }

  async overwrite(node: Omit<CountedNode, 'version'>, at: Date): Promise<void> {
    const summary = node.summary ?? emptySummary();
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tables.dashboard,
        Key: nodeKey(node.organisationId),
        UpdateExpression: 'SET #id = :id, #kind = :kind, #parent = :parent, #totals = :totals, #months = :months, #at = :at ADD #version :one',
        ExpressionAttributeNames: { '#id': 'organisationId', '#kind': 'kind', '#parent': 'countedParent', '#totals': 'totals', '#months': 'months', '#at': 'updatedAt', '#version': 'version' },
        ExpressionAttributeValues: { ':id': node.organisationId, ':kind': node.kind ?? null, ':parent': node.countedParent, ':totals': summary.totals, ':months': summary.months, ':at': at.toISOString(), ':one': 1 },
      }),
    );
  }

  async nodeIds(): Promise<string[]> {
    const ids: string[] = [];
    let start: Item | undefined;
    do {
      const page = await this.documents.send(
        new ScanCommand({ TableName: this.tables.dashboard, FilterExpression: 'sk = :node', ExpressionAttributeValues: { ':node': 'NODE' }, ProjectionExpression: 'organisationId', ExclusiveStartKey: start }),
      );
      ids.push(...(page.Items ?? []).map((item) => String(item.organisationId)));
      start = page.LastEvaluatedKey;
    } while (start);
    return ids;
  }
}
