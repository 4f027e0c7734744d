/**
 * The news rules with fakes (an in-memory store with the DynamoDB store's conditions, a tree of
 * unions, cover URLs that say what they sign): a feed's order (pinned first, then newest), the
 * merge of a union chain's feeds under one cursor across pages, nothing from another branch, an
 * unpublished article gone at once, an edit keeping its place but changing the page's tag, scope,
 * and a container's kept feed pages (read again only when their feed's version moved).
 */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import { InvalidCursor } from '../../shared/errors';
import { excerptOf, feedTag, matchesTag, mergeFeeds, placeOf, type Article, type FeedEntry } from '../../shared/news/article';
import { ArticleChanged, ArticleNotFound, ArticleUnpublished } from '../../shared/news/errors';
import { FeedPages } from '../../shared/news/feed-pages';
import { articleFor, editArticle, memberFeed, organisationArticles, publishArticle, unpublishArticle } from '../../shared/news/news';
import type { CoverImages, NewsStore } from '../../shared/news/news-store';
import { NotInScope } from '../../shared/organisations/errors';
import { encodeCursor } from '../../shared/pagination';
import { adminOf, operator, orgs, paths } from '../support/fake-tree';

const clone = <T>(value: T): T => structuredClone(value);

/** The DynamoDB store's promises in memory: one feed entry per published article, conditional on the version read. */
class MemoryNewsStore implements NewsStore {
  articles = new Map<string, Article>();
  feeds = new Map<string, Map<string, FeedEntry>>();
  versions = new Map<string, number>();
  reads: string[] = [];
  /** Runs once inside the next feed query, after the versions were read (a change racing it). */
  duringNextQuery?: () => void;

  private raise(organisationId: string) {
    this.versions.set(organisationId, (this.versions.get(organisationId) ?? 0) + 1);
  }

  private feedOf(organisationId: string) {
    if (!this.feeds.has(organisationId)) this.feeds.set(organisationId, new Map());
    return this.feeds.get(organisationId)!;
  }
  private entryOf(article: Article): FeedEntry {
    const { body: _b, organisationPath: _p, status: _s, publishedBy: _pb, updatedBy: _ub, unpublishedAt: _ua, unpublishedBy: _ubb, ...entry } = clone(article);
    return entry;
  }
  async publish(article: Article) {
    this.articles.set(article.articleId, clone(article));
    this.feedOf(article.organisationId).set(article.place, this.entryOf(article));
    this.raise(article.organisationId);
  }
  async article(articleId: string) {
    const article = this.articles.get(articleId);
    return article && clone(article);
  }
  async update(read: Article, changed: Article) {
    const stored = this.articles.get(read.articleId)!;
    if (stored.version !== read.version || stored.status !== 'published') return false;
    this.articles.set(changed.articleId, clone(changed));
    this.feedOf(read.organisationId).delete(read.place);
    this.feedOf(changed.organisationId).set(changed.place, this.entryOf(changed));
    this.raise(changed.organisationId);
    return true;
  }
  async unpublish(read: Article, changed: Article) {
    const stored = this.articles.get(read.articleId)!;
    if (stored.version !== read.version || stored.status !== 'published') return false;
    this.articles.set(changed.articleId, clone(changed));
    this.feedOf(read.organisationId).delete(read.place);
    this.raise(read.organisationId);
    return true;
  }
  async feedVersions(organisationIds: string[]) {
    return new Map(organisationIds.filter((id) => this.versions.has(id)).map((id) => [id, this.versions.get(id)!]));
  }
  feed = async (organisationId: string, page: { before?: string; limit: number }) => {
    this.reads.push(organisationId);
    const racing = this.duringNextQuery;
    this.duringNextQuery = undefined;
    racing?.();
    const all = [...this.feedOf(organisationId).values()].filter((e) => !page.before || e.place < page.before).sort((a, b) => b.place.localeCompare(a.place));
    return { entries: all.slice(0, page.limit).map(clone), more: all.length > page.limit };
  };
  async bySubtree(pathPrefix: string, page: { limit: number; cursor?: string }) {
    const all = [...this.articles.values()].filter((a) => a.organisationPath.startsWith(pathPrefix)).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    const start = page.cursor ? Number(page.cursor) : 0;
    const items = all.slice(start, start + page.limit).map(clone);
    return { items, cursor: start + page.limit < all.length ? String(start + page.limit) : undefined };
  }
}

const covers: CoverImages = {
  uploadUrl: async (key, contentType, sizeBytes) => ({ url: `https://s3.test/${key}?put&type=${contentType}&size=${sizeBytes}`, expiresAt: '' }),
  viewUrl: async (key, window) => `https://s3.test/${key}?get&at=${window.toISOString()}`,
};

const memberOf = (organisationId: string): Account => ({
  userId: `member-${organisationId}`,
  grants: [],
  member: { userId: `member-${organisationId}`, name: '会员', phoneHash: 'h', phoneMasked: 'm', industry: 'other', verified: true, registeredAt: '', membership: { organisationId, orgPath: paths[organisationId]!, since: '' } },
});

const t0 = new Date('2026-07-01T02:00:00.000Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

function world() {
  const news = new MemoryNewsStore();
  const deps = { news, orgs, covers, pages: new FeedPages() };
  let clock = 0;
  const publish = async (organisationId: string, title: string, options: { pinned?: boolean; by?: Account } = {}) =>
    (await publishArticle(deps, options.by ?? operator, organisationId, { title, body: `# ${title}\n\n**正文**内容。`, pinned: options.pinned }, minutes(clock++))).article;
  return { news, deps, publish };
}

/** Every page of a member's feed, following the cursor. */
async function wholeFeed(deps: ReturnType<typeof world>['deps'], member: Account, limit: number) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const { page } = await memberFeed(deps, member, { limit, cursor }, minutes(100));
    pages.push(page.items.map((item) => item.title));
    cursor = page.cursor;
  } while (cursor && pages.length < 50);
  return pages;
}

describe('a place in a feed', () => {
  it('puts pinned articles first, then the newest, the id breaking ties', () => {
    const at = (n: number) => minutes(n).toISOString();
    const places = [
      placeOf({ pinned: false, publishedAt: at(5), articleId: '00000000-0000-4000-8000-000000000001' }),
      placeOf({ pinned: true, publishedAt: at(1), articleId: '00000000-0000-4000-8000-000000000002' }),
      placeOf({ pinned: false, publishedAt: at(9), articleId: '00000000-0000-4000-8000-000000000003' }),
      placeOf({ pinned: true, publishedAt: at(3), articleId: '00000000-0000-4000-8000-000000000004' }),
      placeOf({ pinned: false, publishedAt: at(9), articleId: '00000000-0000-4000-8000-000000000005' }),
    ];
    const newestFirst = [...places].sort().reverse();
    expect(newestFirst.map((p) => p.slice(-1))).toEqual(['4', '2', '5', '3', '1']);
  });

  it('makes an excerpt without Markdown marks', () => {
    expect(excerptOf('## 活动安排\n\n- **时间**：7月\n- 地点：[天河](https://example.com)\n\n![图](x.png)')).toBe('活动安排 时间：7月 地点：天河');
    expect([...excerptOf('字'.repeat(300))].length).toBe(121);
  });
});

describe('merging the feeds of a union chain', () => {
  const entry = (organisationId: string, n: number, pinned = false): FeedEntry => {
    const articleId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const publishedAt = minutes(n).toISOString();
    return { articleId, organisationId, organisationName: organisationId, title: `${organisationId}-${n}`, excerpt: '', pinned, publishedAt, updatedAt: publishedAt, version: 1, place: placeOf({ pinned, publishedAt, articleId }) };
  };
  const sources: Record<string, FeedEntry[]> = {
    gd: [entry('gd', 1, true), entry('gd', 4), entry('gd', 9)],
    gz: [entry('gz', 2), entry('gz', 3), entry('gz', 7), entry('gz', 8)],
    u: [entry('u', 5, true), entry('u', 6)],
  };
  const read = async (organisationId: string, page: { before?: string; limit: number }) => {
    const all = (sources[organisationId] ?? []).filter((e) => !page.before || e.place < page.before).sort((a, b) => b.place.localeCompare(a.place));
    return { entries: all.slice(0, page.limit), more: all.length > page.limit };
  };

  it('pages through all of them in order, each once, under one cursor', async () => {
    for (const limit of [1, 2, 3, 4, 9, 20]) {
      const seen: string[] = [];
      let before: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const { entries, next } = await mergeFeeds(['gd', 'gz', 'u'], { before, limit }, read);
        expect(entries.length).toBeLessThanOrEqual(limit);
        seen.push(...entries.map((e) => e.title));
        if (!next) break;
        before = next;
      }
      expect(seen, `limit ${limit}`).toEqual(['u-5', 'gd-1', 'gd-9', 'gz-8', 'gz-7', 'u-6', 'gd-4', 'gz-3', 'gz-2']);
    }
  });

  it('reads each union once per page, all at once, and ends without a cursor', async () => {
    const asked: string[] = [];
    const last = await mergeFeeds(['gd', 'gz', 'u', 'gz'], { limit: 20 }, async (id, page) => {
      asked.push(id);
      return read(id, page);
    });
    expect(asked.sort()).toEqual(['gd', 'gz', 'u']);
    expect(last.next).toBeUndefined();
    expect(last.entries).toHaveLength(9);
  });
});

describe('a member’s feed', () => {
  it('shows her union’s articles and those above it, pinned first then newest, never another branch’s', async () => {
    const { deps, publish } = world();
    await publish('gd', '省总通知', { pinned: true });
    await publish('gz', '广州市总新闻 1');
    await publish('sz', '深圳市总新闻');
    await publish('sz-bayview', '湾景电子新闻');
    await publish('gz-metro', '地铁工会新闻');
    await publish('gz-tianhe', '天河区新闻');
    await publish('gz', '广州市总新闻 2');
    await publish('gd', '省总新闻');

    const pages = await wholeFeed(deps, memberOf('gz-metro'), 3);
    expect(pages).toEqual([
      ['省总通知', '省总新闻', '广州市总新闻 2'],
      ['天河区新闻', '地铁工会新闻', '广州市总新闻 1'],
    ]);
    expect((await wholeFeed(deps, memberOf('sz-bayview'), 10)).flat()).toEqual(['省总通知', '省总新闻', '湾景电子新闻', '深圳市总新闻']);
    // A member of Guangzhou itself sees nothing of the unions below her.
    expect((await wholeFeed(deps, memberOf('gz'), 10)).flat()).toEqual(['省总通知', '省总新闻', '广州市总新闻 2', '广州市总新闻 1']);
  });

  it('reads one feed partition per union on her path, nothing else', async () => {
    const { deps, news, publish } = world();
    await publish('sz', '深圳市总新闻');
    news.reads = [];
    await memberFeed(deps, memberOf('gz-metro'), { limit: 10 });
    expect(news.reads.sort()).toEqual(['gd', 'gz', 'gz-metro', 'gz-tianhe']);
  });

  it('queries a union’s feed again only when its version moved since this container read it', async () => {
    const { deps, news, publish } = world();
    await publish('gd', '省总新闻');
    await publish('gz-metro', '地铁工会新闻');
    const member = memberOf('gz-metro');
    await memberFeed(deps, member, { limit: 10 });
    news.reads = [];
    // Nothing changed: every page from this container's copies.
    await memberFeed(deps, member, { limit: 10 });
    await memberFeed(deps, memberOf('gz-tianhe'), { limit: 10 }); // her chain's pages were read above
    expect(news.reads).toEqual([]);
    // Guangzhou publishes: only its feed is read again, and the new article is on the page.
    await publish('gz', '广州市总新闻');
    expect((await memberFeed(deps, member, { limit: 10 })).page.items.map((i) => i.title)).toEqual(['广州市总新闻', '地铁工会新闻', '省总新闻']);
    expect(news.reads).toEqual(['gz']);
    // Another member's page size is another page.
    news.reads = [];
    await memberFeed(deps, member, { limit: 2 });
    expect(news.reads.sort()).toEqual(['gd', 'gz', 'gz-metro', 'gz-tianhe']);
  });

  it('reads again a page whose feed changed while it was being read', async () => {
    const { deps, news, publish } = world();
    await publish('gd', '省总新闻');
    const member = memberOf('gd');
    // The province publishes after this read took the versions and before its query answered.
    news.duringNextQuery = () => void publish('gd', '赛跑中的新闻');
    await memberFeed(deps, member, { limit: 10 });
    expect((await memberFeed(deps, member, { limit: 10 })).page.items.map((i) => i.title)).toEqual(['赛跑中的新闻', '省总新闻']);
  });

  it('keeps at most as many pages as it was given room for, dropping the least recently used', async () => {
    const pages = new FeedPages(2);
    const queried: string[] = [];
    const read = async (organisationId: string) => {
      queried.push(organisationId);
      return { entries: [], more: false };
    };
    const reader = pages.reader(new Map(), read);
    for (const id of ['a', 'b', 'a', 'c', 'a', 'b']) await reader(id, { limit: 10 });
    // a, b read; a kept; c drops b (a was used after it); a kept; b read again.
    expect(queried).toEqual(['a', 'b', 'c', 'b']);
    expect(pages.size).toBe(2);
  });

  it('refuses a cursor of another member’s chain, of another list, or tampered with', async () => {
    const { deps, publish } = world();
    for (let i = 0; i < 3; i++) await publish('gd', `省总新闻 ${i}`);
    const { page } = await memberFeed(deps, memberOf('gz-metro'), { limit: 1 });
    expect(page.cursor).toBeDefined();
    await expect(memberFeed(deps, memberOf('sz-bayview'), { limit: 1, cursor: page.cursor })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(memberFeed(deps, memberOf('gz-metro'), { limit: 1, cursor: 'bm90IGEgY3Vyc29y' })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(memberFeed(deps, memberOf('gz-metro'), { limit: 1, cursor: encodeCursor({ feed: 'feed:gd/gz/gz-tianhe/gz-metro/', before: 'X#whatever' }) })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(memberFeed(deps, memberOf('gz-metro'), { limit: 1, cursor: encodeCursor({ list: 'subtree:gz', inner: 'x' }) })).rejects.toBeInstanceOf(InvalidCursor);
  });

  it('drops an unpublished article at once; keeps an edited one in place with a new tag; moves a pinned one to the top', async () => {
    const { deps, publish } = world();
    const first = await publish('gz', '第一篇');
    const second = await publish('gd', '第二篇');
    const third = await publish('gz-metro', '第三篇');
    const member = memberOf('gz-metro');
    const before = await memberFeed(deps, member, { limit: 10 }, minutes(50));
    expect(before.page.items.map((i) => i.title)).toEqual(['第三篇', '第二篇', '第一篇']);
    // Nothing changed: the same tag.
    expect((await memberFeed(deps, member, { limit: 10 }, minutes(51))).tag).toBe(before.tag);

    await editArticle(deps, adminOf('gz'), first.articleId, { title: '第一篇（更正）' }, minutes(52));
    const edited = await memberFeed(deps, member, { limit: 10 }, minutes(53));
    expect(edited.page.items.map((i) => i.title)).toEqual(['第三篇', '第二篇', '第一篇（更正）']);
    expect(edited.page.items[2]!.version).toBe(2);
    expect(edited.tag).not.toBe(before.tag);

    await editArticle(deps, adminOf('gz'), first.articleId, { pinned: true }, minutes(54));
    expect((await memberFeed(deps, member, { limit: 10 }, minutes(55))).page.items.map((i) => i.title)).toEqual(['第一篇（更正）', '第三篇', '第二篇']);

    await unpublishArticle(deps, adminOf('gd'), second.articleId, minutes(56));
    expect((await memberFeed(deps, member, { limit: 10 }, minutes(57))).page.items.map((i) => i.title)).toEqual(['第一篇（更正）', '第三篇']);
    await expect(editArticle(deps, operator, second.articleId, { title: '改' })).rejects.toBeInstanceOf(ArticleUnpublished);
    expect(third.version).toBe(1);
  });

  it('gives a new tag when the hour (and so the cover URLs) changes', async () => {
    const { deps, publish } = world();
    await publish('gd', '省总新闻');
    const member = memberOf('gz');
    const a = await memberFeed(deps, member, { limit: 10 }, new Date('2026-07-01T02:10:00Z'));
    const b = await memberFeed(deps, member, { limit: 10 }, new Date('2026-07-01T02:50:00Z'));
    const c = await memberFeed(deps, member, { limit: 10 }, new Date('2026-07-01T03:00:00Z'));
    expect(b.tag).toBe(a.tag);
    expect(c.tag).not.toBe(a.tag);
  });

  it('is empty for someone with no union', async () => {
    const { deps, publish } = world();
    await publish('gd', '省总新闻');
    const { page } = await memberFeed(deps, { userId: 'x', grants: [] }, { limit: 10 });
    expect(page.items).toEqual([]);
  });
});

describe('entity tags', () => {
  const page = { feed: 'feed:gd/', entries: [{ articleId: 'a', version: 1 }], coverWindow: 'w' };
  it('change with any version, the start or the end of the page', () => {
    const tag = feedTag(page);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(feedTag({ ...page })).toBe(tag);
    expect(feedTag({ ...page, entries: [{ articleId: 'a', version: 2 }] })).not.toBe(tag);
    expect(feedTag({ ...page, cursor: 'c' })).not.toBe(tag);
    expect(feedTag({ ...page, next: 'n' })).not.toBe(tag);
  });
  it('match If-None-Match as RFC 9110 says: lists, weak tags, *', () => {
    expect(matchesTag('"x"', '"x"')).toBe(true);
    expect(matchesTag('"y", W/"x"', '"x"')).toBe(true);
    expect(matchesTag('*', '"x"')).toBe(true);
    expect(matchesTag('"y"', '"x"')).toBe(false);
    expect(matchesTag(undefined, '"x"')).toBe(false);
  });
});

describe('who may do what', () => {
  it('lets an admin publish in her subtree only', async () => {
    const { deps } = world();
    await expect(publishArticle(deps, adminOf('sz'), 'gz-metro', { title: '越权', body: '正文' }, t0)).rejects.toBeInstanceOf(NotInScope);
    const { article, coverUpload } = await publishArticle(deps, adminOf('gz'), 'gz-metro', { title: '地铁工会新闻', body: '正文', cover: { contentType: 'image/png', sizeBytes: 1234 } }, t0);
    expect(article.organisationId).toBe('gz-metro');
    expect(coverUpload?.uploadUrl).toContain('type=image/png&size=1234');
    expect(article.coverUrl).toContain(`news/${article.articleId}/`);
  });

  it('answers an article outside her subtree as an unknown one, to edit, unpublish or read', async () => {
    const { deps, publish } = world();
    const article = await publish('gz', '广州市总新闻');
    await expect(editArticle(deps, adminOf('sz'), article.articleId, { title: '改' })).rejects.toBeInstanceOf(ArticleNotFound);
    await expect(unpublishArticle(deps, adminOf('sz'), article.articleId)).rejects.toBeInstanceOf(ArticleNotFound);
    await expect(articleFor(deps, adminOf('sz'), article.articleId)).rejects.toBeInstanceOf(ArticleNotFound);
    await expect(articleFor(deps, memberOf('sz-bayview'), article.articleId)).rejects.toBeInstanceOf(ArticleNotFound);
    // A member below it reads it; an admin above it edits it.
    expect((await articleFor(deps, memberOf('gz-metro'), article.articleId)).body).toContain('正文');
    expect((await editArticle(deps, adminOf('gd'), article.articleId, { body: '新正文' })).article.version).toBe(2);
    await unpublishArticle(deps, adminOf('gz'), article.articleId);
    await expect(articleFor(deps, memberOf('gz-metro'), article.articleId)).rejects.toBeInstanceOf(ArticleNotFound);
    expect((await articleFor(deps, adminOf('gz'), article.articleId)).status).toBe('unpublished');
  });

  it('refuses an edit made on a copy another change has overtaken', async () => {
    const { deps, news, publish } = world();
    const article = await publish('gz', '广州市总新闻');
    const stale = await news.article(article.articleId);
    await editArticle(deps, operator, article.articleId, { title: '先改' });
    expect(await news.update(stale!, { ...stale!, title: '后改', version: stale!.version + 1 })).toBe(false);
    // Through the rule: a store that reports the race answers ARTICLE_CHANGED.
    const racing = { ...deps, news: Object.assign(Object.create(news), { update: async () => false }) as NewsStore };
    await expect(editArticle(racing, operator, article.articleId, { title: '又改' })).rejects.toBeInstanceOf(ArticleChanged);
  });

  it('lists a subtree’s articles, unpublished ones too, for its admins only', async () => {
    const { deps, publish } = world();
    await publish('gz-metro', '地铁工会新闻');
    const gone = await publish('gz', '广州市总新闻');
    await publish('sz', '深圳市总新闻');
    await unpublishArticle(deps, operator, gone.articleId);
    const listed = await organisationArticles(deps, adminOf('gz'), 'gz', { limit: 10 });
    expect(listed.items.map((i) => [i.title, i.status])).toEqual([
      ['广州市总新闻', 'unpublished'],
      ['地铁工会新闻', 'published'],
    ]);
    await expect(organisationArticles(deps, adminOf('sz'), 'gz', { limit: 10 })).rejects.toBeInstanceOf(NotInScope);
    await expect(organisationArticles(deps, adminOf('gz'), 'gz', { limit: 10, cursor: encodeCursor({ list: 'subtree:sz', inner: '1' }) })).rejects.toBeInstanceOf(InvalidCursor);
  });
});
