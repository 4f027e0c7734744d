/**
 * DynamoDB storage of the union tree; the only code that knows the organisations table's keys.
 *   pk ORG#<id>  sk ORG                              the organisation
 *   gsi1pk CHILDREN#<parentId>  gsi1sk <name>#<id>   children of a parent, by name (index byParent)
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Organisation } from './organisation';

export class DynamoOrganisationStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Organisation | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `ORG#${id}`, sk: 'ORG' } }),
    );
    return Item ? strip(Item) : undefined;
  }

  async put(organisation: Organisation): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `ORG#${organisation.id}`,
          sk: 'ORG',
          ...(organisation.parentId && {
            gsi1pk: `CHILDREN#${organisation.parentId}`,
            gsi1sk: `${organisation.name}#${organisation.id}`,
          }),
          ...organisation,
        },
      }),
    );
  }

  async children(parentId: string, limit = 50): Promise<Organisation[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byParent',
        KeyConditionExpression: 'gsi1pk = :parent',
        ExpressionAttributeValues: { ':parent': `CHILDREN#${parentId}` },
        Limit: limit,
      }),
    );
    return Items.map(strip);
  }
}

function strip(item: Record<string, unknown>): Organisation {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...organisation } = item;
  return organisation as unknown as Organisation;
}
