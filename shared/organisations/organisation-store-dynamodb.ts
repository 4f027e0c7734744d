/**
 * DynamoDB storage of the union tree (keys in ./keys.ts): organisations, federations, moves in flight.
 */
import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Industry } from '../accounts/schemas';
import { failedConditions, isConditionFailed, refusedAs, transactWrite } from '../aws/transactions';
import type { Page } from '../pagination';
import { batchGetAll, queryAllOf, queryPage } from '../aws/queries';
import { OrganisationChanged, OrganisationClosed, OrganisationNotEmpty } from './errors';
import { childKeys, federationKey, moveKey, orgKey } from './keys';
import type { Organisation } from './organisation';
import type { MoveInFlight, OrganisationStore } from './organisation-store';

function strip(item: Record<string, unknown>): Organisation {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...organisation } = item;
  return organisation as unknown as Organisation;
}

export class DynamoOrganisationStore implements OrganisationStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Organisation | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: orgKey(id) }));
    return Item ? strip(Item) : undefined;
  }

  async getMany(ids: string[]): Promise<Organisation[]> {
    return (await batchGetAll(this.documents, this.tableName, [...new Set(ids)].map(orgKey))).map(strip);
  }

  children(parentId: string, page: { limit: number; cursor?: string }): Promise<Page<Organisation>> {
    return queryPage(
      this.documents,
      { TableName: this.tableName, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :parent', ExpressionAttributeValues: { ':parent': `CHILDREN#${parentId}` } },
      page,
      strip,
    );
  }

  /** Puts the organisation and counts it in its parent, which must be active. */
  private createItems(organisation: Organisation) {
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...orgKey(organisation.id), ...childKeys(organisation), ...organisation },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: orgKey(organisation.parentId!),
          // Never a child under a closed organisation.
          ConditionExpression: '#status = :active',
          UpdateExpression: 'ADD childCount :one',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'active', ':one': 1 },
        },
      },
    ];
  }

  async createRoot(organisation: Organisation): Promise<void> {
    await transactWrite(this.documents, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...orgKey(organisation.id), ...organisation },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  }

  async create(organisation: Organisation): Promise<void> {
    if (organisation.kind === 'industry-federation') {
      await this.createFederation(organisation, true);
      return;
    }
    await refusedAs(
      transactWrite(this.documents, this.createItems(organisation)),
      (failed) => (failed.includes(1) ? new OrganisationClosed(organisation.parentId!) : undefined),
    );
  }

  async createFederation(federation: Organisation, refuseExisting = false): Promise<string> {
    const key = federationKey(federation.parentId!, federation.industry!);
    try {
      await transactWrite(this.documents, [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...key, organisationId: federation.id },
            // One federation per parent and industry, however many workers join at once.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...this.createItems(federation),
      ]);
      return federation.id;
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(2)) throw new OrganisationClosed(federation.parentId!);
      if (failed?.includes(0)) {
        const existing = await this.federationOf(federation.parentId!, federation.industry!);
        if (existing && !refuseExisting) return existing;
        throw new OrganisationChanged();
      }
      throw error;
    }
  }

  async federationOf(parentId: string, industry: Industry): Promise<string | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: federationKey(parentId, industry), ConsistentRead: true }),
    );
    return Item?.organisationId as string | undefined;
  }

  async update(
    id: string,
    changes: Partial<Pick<Organisation, 'name' | 'autoApprove' | 'federationsOnDemand'>>,
    at: string,
  ): Promise<Organisation> {
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':active': 'active', ':at': at };
    const sets = ['#updatedAt = :at'];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    if (changes.name !== undefined) {
      // The children index sorts by name: keep its sort key in step.
      sets.push('gsi1sk = :sortKey');
      values[':sortKey'] = `${changes.name}#${id}`;
    }
    const { Attributes } = await refusedAs(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: orgKey(id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          // A closed organisation is not changed.
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
      () => new OrganisationClosed(id),
    );
    if (changes.name !== undefined && !Attributes?.parentId) {
      await this.documents.send(new UpdateCommand({ TableName: this.tableName, Key: orgKey(id), UpdateExpression: 'REMOVE gsi1sk' }));
    }
    return strip(Attributes!);
  }

  /** One child fewer on the parent a child leaves (closed or moved away). */
  private childLeft(parentId: string) {
    return { Update: { TableName: this.tableName, Key: orgKey(parentId), UpdateExpression: 'ADD childCount :minusOne', ExpressionAttributeValues: { ':minusOne': -1 } } };
  }

  async close(organisation: Organisation, at: string): Promise<void> {
    try {
      await transactWrite(this.documents, [
        {
          Update: {
            TableName: this.tableName,
            Key: orgKey(organisation.id),
            // Closing never strands a child organisation or a member.
            ConditionExpression:
              '#status = :active AND (attribute_not_exists(childCount) OR childCount = :zero) AND (attribute_not_exists(memberCount) OR memberCount = :zero)',
            UpdateExpression: 'SET #status = :closed, updatedAt = :at',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active', ':closed': 'closed', ':zero': 0, ':at': at },
          },
        },
        ...(organisation.parentId ? [this.childLeft(organisation.parentId)] : []),
        ...(organisation.kind === 'industry-federation' && organisation.parentId && organisation.industry
          ? [{ Delete: { TableName: this.tableName, Key: federationKey(organisation.parentId, organisation.industry) } }]
          : []),
      ]);
    } catch (error) {
      if (failedConditions(error)?.includes(0)) {
        const current = await this.get(organisation.id);
        if (current?.status !== 'active') throw new OrganisationClosed(organisation.id);
        throw new OrganisationNotEmpty();
      }
      throw error;
    }
  }

  async move(organisation: Organisation, newParent: Organisation, newPath: string, at: string): Promise<void> {
    const federationMoves =
      organisation.kind === 'industry-federation' && organisation.industry
        ? [
            { Delete: { TableName: this.tableName, Key: federationKey(organisation.parentId!, organisation.industry) } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...federationKey(newParent.id, organisation.industry), organisationId: organisation.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : [];
    await refusedAs(
      transactWrite(this.documents, [
          {
            Update: {
              TableName: this.tableName,
              Key: orgKey(organisation.id),
              // Moved from where we read it, once.
              ConditionExpression: '#status = :active AND #path = :oldPath AND attribute_not_exists(movingFrom)',
              UpdateExpression:
                'SET parentId = :parent, #path = :newPath, movingFrom = :oldPath, gsi1pk = :children, updatedAt = :at',
              ExpressionAttributeNames: { '#status': 'status', '#path': 'path' },
              ExpressionAttributeValues: {
                ':active': 'active',
                ':oldPath': organisation.path,
                ':newPath': newPath,
                ':parent': newParent.id,
                ':children': `CHILDREN#${newParent.id}`,
                ':at': at,
              },
            },
          },
          this.childLeft(organisation.parentId!),
          {
            Update: {
              TableName: this.tableName,
              Key: orgKey(newParent.id),
              // Never into a closed parent, never into its own subtree.
              ConditionExpression: '#status = :active AND #path = :parentPath',
              UpdateExpression: 'ADD childCount :one',
              ExpressionAttributeNames: { '#status': 'status', '#path': 'path' },
              ExpressionAttributeValues: { ':active': 'active', ':parentPath': newParent.path, ':one': 1 },
            },
          },
          ...federationMoves,
          // In flight until its subtree has followed: listings by path read the old prefix too.
          { Put: { TableName: this.tableName, Item: { ...moveKey(organisation.id), organisationId: organisation.id, oldPath: organisation.path, newPath, at } } },
      ]),
      () => new OrganisationChanged(),
    );
  }

  async finishMove(id: string, oldPath: string): Promise<void> {
    try {
      await transactWrite(this.documents, [
        {
          Update: {
            TableName: this.tableName,
            Key: orgKey(id),
            UpdateExpression: 'REMOVE movingFrom',
            ConditionExpression: 'movingFrom = :oldPath',
            ExpressionAttributeValues: { ':oldPath': oldPath },
          },
        },
        { Delete: { TableName: this.tableName, Key: moveKey(id) } },
      ]);
    } catch (error) {
      if (!failedConditions(error)) throw error;
      // Finished before (a redelivery): only the record of this move may be left to drop.
      await this.documents
        .send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: moveKey(id),
            ConditionExpression: 'oldPath = :oldPath',
            ExpressionAttributeValues: { ':oldPath': oldPath },
          }),
        )
        .catch((failure: unknown) => {
          if (!isConditionFailed(failure)) throw failure;
        });
    }
  }

  async movesInFlight(): Promise<MoveInFlight[]> {
    const items = await queryAllOf(this.documents, this.tableName, { pk: 'MOVES' });
    return items.map((item) => ({ organisationId: item.organisationId as string, oldPath: item.oldPath as string, newPath: item.newPath as string }));
  }

  async rePathDescendants(rootId: string, oldPath: string, newPath: string, deadline: number): Promise<{ moved: number; done: boolean }> {
    let moved = 0;
    const queue = [rootId];
    while (queue.length > 0) {
      if (Date.now() > deadline) return { moved, done: false };
      const parentId = queue.shift()!;
      let cursor: string | undefined;
      do {
        const page = await this.children(parentId, { limit: 100, cursor });
        for (const child of page.items) {
          queue.push(child.id);
          if (!child.path.startsWith(oldPath)) continue; // already re-pathed by an earlier run
          try {
            await this.documents.send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: orgKey(child.id),
                UpdateExpression: 'SET #path = :newPath',
                ConditionExpression: '#path = :oldPath',
                ExpressionAttributeNames: { '#path': 'path' },
                ExpressionAttributeValues: { ':oldPath': child.path, ':newPath': newPath + child.path.slice(oldPath.length) },
              }),
            );
            moved++;
          } catch (error) {
            if (!isConditionFailed(error)) throw error;
          }
        }
        cursor = page.cursor;
      } while (cursor);
    }
    return { moved, done: true };
  }
}
