/**
 * DynamoDB storage of themes of the month; the only code that knows their keys.
 *   themes  THEMES#<orgId> / <YYYY-MM>   a union's theme for a month: a member's view is one
 *                                         BatchGet of her union chain's keys for the month, an
 *                                         admin's list one query of her union's partition
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../accounts/keys';
import { batchGetAll, queryPage } from '../aws/queries';
import type { Page } from '../pagination';
import type { Theme } from './theme';
import type { ThemeStore } from './theme-store';

const themeKey = (organisationId: string, month: string) => ({ pk: `THEMES#${organisationId}`, sk: month });
const toTheme = (item: Record<string, unknown>) => stripKeys<Theme>(item);

export class DynamoThemeStore implements ThemeStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async theme(organisationId: string, month: string): Promise<Theme | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: themeKey(organisationId, month), ConsistentRead: true }));
    return Item ? toTheme(Item) : undefined;
  }

  async themesOf(organisationIds: string[], month: string): Promise<Theme[]> {
    // A chain is at most seven unions: one request.
    return (await batchGetAll(this.documents, this.table, [...new Set(organisationIds)].map((id) => themeKey(id, month)))).map(toTheme);
  }

  async save(theme: Theme): Promise<void> {
    // Last writer wins, unconditionally: a theme is a state the admin sets, and a repeat sets the same one.
    await this.documents.send(new PutCommand({ TableName: this.table, Item: { ...themeKey(theme.organisationId, theme.month), ...theme } }));
  }

  themesOfUnion(organisationId: string, page: { limit: number; cursor?: string }): Promise<Page<Theme>> {
    return queryPage(
      this.documents,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :union',
        ExpressionAttributeValues: { ':union': `THEMES#${organisationId}` },
        ScanIndexForward: false,
      },
      page,
      toTheme,
    );
  }
}
