/**
 * The news store's feed versions on DynamoDB Local: every publish, edit and unpublish raises its
 * union's version in the same transaction, a refused change raises nothing, and a member's feed
 * read through a container's kept pages shows each change on the very next read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import { FeedPages } from '../../shared/news/feed-pages';
import { editArticle, memberFeed, publishArticle, unpublishArticle } from '../../shared/news/news';
import type { CoverImages } from '../../shared/news/news-store';
import { DynamoNewsStore } from '../../shared/news/news-store-dynamodb';
import { operator, orgs, paths } from '../support/fake-tree';
import { freshTables, localDynamo } from '../support/local-aws';

const { client, documents } = localDynamo();
let news: DynamoNewsStore;
const covers: CoverImages = { uploadUrl: async () => ({ url: '', expiresAt: '' }), viewUrl: async (key) => key };

const memberOf = (organisationId: string): Account => ({
  userId: `member-${organisationId}`,
  grants: [],
  member: { userId: `member-${organisationId}`, name: '会员', phoneHash: 'h', phoneMasked: 'm', industry: 'other', verified: true, registeredAt: '', membership: { organisationId, orgPath: paths[organisationId]!, since: '' } },
});

beforeAll(async () => {
  news = new DynamoNewsStore(documents, (await freshTables(client))('news'));
});

describe('feed versions on DynamoDB Local', () => {
  it('are raised by publish, edit and unpublish in their union only, and not by a refused change', async () => {
    const deps = { news, orgs, covers };
    expect(await news.feedVersions(['gd', 'gz'])).toEqual(new Map());
    const published = await publishArticle(deps, operator, 'gz', { title: '广州市总新闻', body: '正文' });
    const article = (await news.article(published.article.articleId))!;
    await publishArticle(deps, operator, 'gd', { title: '省总新闻', body: '正文' });
    expect(await news.feedVersions(['gd', 'gz', 'sz'])).toEqual(new Map([['gd', 1], ['gz', 1]]));

    await editArticle(deps, operator, article.articleId, { pinned: true });
    expect(await news.feedVersions(['gz'])).toEqual(new Map([['gz', 2]]));
    // An edit on the copy the first edit overtook is refused, and the version stays.
    expect(await news.update(article, { ...article, title: '旧稿', version: 2 })).toBe(false);
    expect(await news.feedVersions(['gz'])).toEqual(new Map([['gz', 2]]));

    await unpublishArticle(deps, operator, article.articleId);
    expect(await news.feedVersions(['gd', 'gz'])).toEqual(new Map([['gd', 1], ['gz', 3]]));
  });

  it('lets a container keep a feed page yet show every change on the next read', async () => {
    const deps = { news, orgs, covers, pages: new FeedPages() };
    const member = memberOf('sz-bayview');
    const titles = async () => (await memberFeed(deps, member, { limit: 10 })).page.items.map((item) => item.title);
    const first = await publishArticle(deps, operator, 'sz', { title: '深圳市总新闻', body: '正文' });
    const before = await titles();
    expect(before).toContain('深圳市总新闻');
    expect(await titles()).toEqual(before);

    await editArticle(deps, operator, first.article.articleId, { title: '深圳市总新闻（更正）' });
    expect(await titles()).toContain('深圳市总新闻（更正）');
    await unpublishArticle(deps, operator, first.article.articleId);
    expect(await titles()).not.toContain('深圳市总新闻（更正）');
  });
});
