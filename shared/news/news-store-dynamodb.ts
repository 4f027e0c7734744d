/**
 * DynamoDB storage of news; the only code that knows the news table's keys.
 *   ARTICLE#<id> / ARTICLE            the article (body, status, version, cover key, union and its path)
 *       gsi1 NEWS#<province> / <union path><publishedAt>#<id>   the admins' subtree listing, by prefix
 *   FEED#<orgId> / <place>            the article's entry in its union's feed while published
 *                                     (place = P|N#<publishedAt>#<id>: pinned first, then newest,
 *                                     read backwards); one entry per article, never one per member
 *   FEEDVERSION#<orgId> / VERSION     that feed's version: raised in the transaction of every
 *                                     publish, edit and unpublish in it (absent: never changed)
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from '../accounts/keys';
import { batchGetAll, provincePartition, queryPage, underSubtree } from '../aws/queries';
import { failedConditions, isConditionFailed, putOverRead, retryConflicts, transactWrite } from '../aws/transactions';
import type { Page } from '../pagination';
import type { Article, FeedEntry } from './article';
import type { NewsStore } from './news-store';

const articleKey = (articleId: string) => ({ pk: `ARTICLE#${articleId}`, sk: 'ARTICLE' });
const feedKey = (entry: Pick<FeedEntry, 'organisationId' | 'place'>) => ({ pk: `FEED#${entry.organisationId}`, sk: entry.place });

const articleItem = (article: Article) => ({
  ...articleKey(article.articleId),
  ...article,
  gsi1pk: provincePartition('NEWS', article.organisationPath),
  gsi1sk: `${article.organisationPath}${article.publishedAt}#${article.articleId}`,
});

const feedItem = (article: Article) => {
  const entry: FeedEntry = {
    articleId: article.articleId,
    organisationId: article.organisationId,
    organisationName: article.organisationName,
    title: article.title,
    excerpt: article.excerpt,
    pinned: article.pinned,
    ...(article.cover ? { cover: article.cover } : {}),
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    version: article.version,
    place: article.place,
  };
  return { ...feedKey(article), ...entry };
};

/** The items a published article is: the article and its entry in its union's feed (what publish writes). */
export const publishedItems = (article: Article) => [articleItem(article), feedItem(article)];

const feedVersionKey = (organisationId: string) => ({ pk: `FEEDVERSION#${organisationId}`, sk: 'VERSION' });

/** A feed's version item, as a union's `changes` publishes, edits and unpublishes leave it (for seeding a stage's existing news). */
export const feedVersionItem = (organisationId: string, changes: number) => ({ ...feedVersionKey(organisationId), organisationId, version: changes });

export class DynamoNewsStore implements NewsStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Raises a union's feed version, in the transaction that changes its feed (feed-pages.ts says
   * why). Two changes in one union meet on it, so those transactions retry a conflict.
   */
  private raiseFeedVersion(organisationId: string) {
    return {
      Update: {
        TableName: this.table,
        Key: feedVersionKey(organisationId),
        UpdateExpression: 'SET organisationId = :org ADD version :one',
        ExpressionAttributeValues: { ':org': organisationId, ':one': 1 },
      },
    };
  }

  async publish(article: Article) {
    // A fresh random id: the condition only guards against a reused one.
    await retryConflicts(() =>
      transactWrite(this.documents, [
        ...publishedItems(article).map((Item) => ({ Put: { TableName: this.table, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
        this.raiseFeedVersion(article.organisationId),
      ]),
    );
  }

  async article(articleId: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: articleKey(articleId), ConsistentRead: true }));
    return Item ? toArticle(Item) : undefined;
  }

  /** The changed article, put only over the version read while it is still published. */
  private putFromVersionRead(read: Article, changed: Article) {
    return putOverRead(this.table, articleItem(changed), { status: 'published', version: read.version });
  }

  async update(read: Article, changed: Article) {
    const moved = read.place !== changed.place;
    try {
      await retryConflicts(() =>
        transactWrite(this.documents, [
          // Keeps "one change per version": an edit made on a copy another change has overtaken
          // (or after an unpublish) is refused instead of writing the older copy back.
          this.putFromVersionRead(read, changed),
          // The entry at its new place; the old one goes when the pin changed its place.
          { Put: { TableName: this.table, Item: feedItem(changed) } },
          ...(moved ? [{ Delete: { TableName: this.table, Key: feedKey(read) } }] : []),
          this.raiseFeedVersion(changed.organisationId),
        ]),
      );
      return true;
    } catch (error) {
      if (failedConditions(error)?.includes(0)) return false;
      throw error;
    }
  }

  async unpublish(read: Article, changed: Article) {
    try {
      await retryConflicts(() =>
        transactWrite(this.documents, [
          // Only from the version read: an edit racing the unpublish cannot put the entry back.
          this.putFromVersionRead(read, changed),
          { Delete: { TableName: this.table, Key: feedKey(read) } },
          this.raiseFeedVersion(read.organisationId),
        ]),
      );
      return true;
    } catch (error) {
      if (failedConditions(error)?.includes(0) || isConditionFailed(error)) return false;
      throw error;
    }
  }

  feed = async (organisationId: string, page: { before?: string; limit: number }) => {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        // Consistent: an article unpublished a moment ago is not shown (its entry is gone).
        ConsistentRead: true,
        KeyConditionExpression: page.before ? 'pk = :feed AND sk < :before' : 'pk = :feed',
        ExpressionAttributeValues: { ':feed': `FEED#${organisationId}`, ...(page.before ? { ':before': page.before } : {}) },
        ScanIndexForward: false,
        Limit: page.limit,
      }),
    );
    return { entries: (result.Items ?? []).map((item) => stripKeys<FeedEntry>(item)), more: result.LastEvaluatedKey !== undefined };
  };

  async feedVersions(organisationIds: string[]) {
    // Consistent, as the feeds are: a change is seen by the next read, wherever it runs.
    const items = await batchGetAll(this.documents, this.table, [...new Set(organisationIds)].map(feedVersionKey), { consistent: true });
    return new Map(items.map((item) => [String(item.organisationId), Number(item.version)]));
  }

  bySubtree(pathPrefix: string, page: { limit: number; cursor?: string }): Promise<Page<Article>> {
    return queryPage(
      this.documents,
      // Newest first.
      { ...underSubtree(this.table, { name: 'bySubtree', pk: 'gsi1pk', sk: 'gsi1sk' }, 'NEWS', pathPrefix), ScanIndexForward: false },
      page,
      toArticle,
    );
  }
}

const toArticle = (item: Record<string, unknown>) => stripKeys<Article>(item);
