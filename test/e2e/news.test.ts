/**
 * Union news end to end, through the local runtime: admins publish for their subtree with a cover
 * uploaded by presigned URL; a member's feed merges her union chain's articles (pinned first,
 * then newest, one cursor) and never another branch's; the feed's ETag answers If-None-Match
 * with 304 until an article on the page changes; edits keep an article's place; an unpublished
 * article is gone at once; another city's admin can neither edit, unpublish nor list.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, tokenFor } from '../support/api';
import { granted, memberOf, organisation, short } from '../support/scenario';

const users = {} as Record<'operator' | 'gdAdmin' | 'cityAdmin' | 'otherCityAdmin' | 'member' | 'otherMember', string>;
const orgs = {} as Record<'city' | 'otherCity' | 'union' | 'otherUnion', string>;

/** Publishes as `user` for `orgId`; answers the article. */
async function publish(user: string, orgId: string, title: string, extra: Record<string, unknown> = {}) {
  const response = await call('POST', `/organisations/${orgId}/news`, { user, body: { title, body: `## ${title}\n\n正文：**${title}**。`, ...extra }, headers: { 'idempotency-key': `news-${short()}` } });
  expect(response.status).toBe(201);
  return response.body.article as { articleId: string; version: number; title: string };
}

/** Every page of the member's feed, in order; only the articles this file made (the province's feed is shared). */
async function feedOf(user: string, mine: Set<string>, limit = 2) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await call('GET', `/news?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { user });
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...response.body.items.map((item: { articleId: string }) => item.articleId));
    cursor = response.body.cursor;
  } while (cursor && ++pages < 100);
  expect(new Set(seen).size).toBe(seen.length);
  return seen.filter((id) => mine.has(id));
}

beforeAll(async () => {
  users.operator = await granted('operator', { role: 'operator' });
  users.gdAdmin = await granted('gd-admin', { role: 'admin', organisationId: 'gd' });
  // Two fresh cities under the province, each with a union that approves joins automatically.
  orgs.city = (await organisation(users.operator, 'gd', 'city')).id;
  orgs.otherCity = (await organisation(users.operator, 'gd', 'city')).id;
  orgs.union = (await organisation(users.operator, orgs.city, 'grassroots', { autoApprove: true })).id;
  orgs.otherUnion = (await organisation(users.operator, orgs.otherCity, 'grassroots', { autoApprove: true })).id;
  users.cityAdmin = await granted('city-admin', { role: 'admin', organisationId: orgs.city });
  users.otherCityAdmin = await granted('other-city-admin', { role: 'admin', organisationId: orgs.otherCity });
  users.member = await memberOf(orgs.union, { verified: false });
  users.otherMember = await memberOf(orgs.otherUnion, { verified: false });
}, 120_000);

describe('the feed', () => {
  it('merges the province’s, the city’s and the union’s articles, pinned first then newest, over pages with one cursor; nothing of another city', async () => {
    const a = await publish(users.gdAdmin, 'gd', '省总通知（置顶）', { pinned: true });
    const b = await publish(users.cityAdmin, orgs.city, '市总新闻一');
    const sibling = await publish(users.otherCityAdmin, orgs.otherCity, '兄弟城市新闻');
    const c = await publish(users.cityAdmin, orgs.union, '基层工会新闻');
    const d = await publish(users.operator, orgs.city, '市总通知（置顶）', { pinned: true });
    const siblingUnion = await publish(users.otherCityAdmin, orgs.otherUnion, '兄弟基层新闻');
    const e = await publish(users.gdAdmin, 'gd', '省总新闻');
    const mine = new Set([a, b, c, d, e, sibling, siblingUnion].map((x) => x.articleId));

    expect(await feedOf(users.member, mine)).toEqual([d, a, e, c, b].map((x) => x.articleId));
    expect(await feedOf(users.otherMember, mine)).toEqual([a, e, siblingUnion, sibling].map((x) => x.articleId));
    // One article, its body: a member below its union reads it; one of another city is told it does not exist.
    const read = await call('GET', `/news/${c.articleId}`, { user: users.member });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ title: '基层工会新闻', status: 'published', version: 1 });
    expect(read.body.body).toContain('**基层工会新闻**');
    expect(await call('GET', `/news/${c.articleId}`, { user: users.otherMember })).toMatchObject({ status: 404, body: { code: 'ARTICLE_NOT_FOUND' } });
  });

  it('refuses a cursor of another member’s feed or a tampered one with 400 INVALID_CURSOR', async () => {
    await publish(users.cityAdmin, orgs.city, '分页用一');
    await publish(users.cityAdmin, orgs.city, '分页用二');
    const first = await call('GET', '/news?limit=1', { user: users.member });
    expect(first.body.cursor).toBeTruthy();
    const foreign = await call('GET', `/news?limit=1&cursor=${encodeURIComponent(first.body.cursor)}`, { user: users.otherMember });
    expect(foreign).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    const decoded = JSON.parse(Buffer.from(first.body.cursor, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...decoded, before: 'Z#2099' })).toString('base64url');
    expect(await call('GET', `/news?cursor=${tampered}`, { user: users.member })).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    expect(await call('GET', '/news?cursor=not-a-cursor', { user: users.member })).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
  });

  it('answers If-None-Match with the current ETag with 304 and no body; after an edit, 200 and a new ETag, the article in its place', async () => {
    const older = await publish(users.cityAdmin, orgs.union, 'ETag 旧文');
    const article = await publish(users.cityAdmin, orgs.union, 'ETag 新文');
    const first = await call('GET', '/news?limit=50', { user: users.member });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const unchanged = await fetchRaw('/news?limit=50', users.member, { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(await unchanged.text()).toBe('');
    // Held to the route's declaration (304 declared, no body).
    expect((await call('GET', '/news?limit=50', { user: users.member, headers: { 'if-none-match': etag } })).status).toBe(304);
    // Also as one of a list, or weak.
    expect((await fetchRaw('/news?limit=50', users.member, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);

    const edited = await call('PATCH', `/news/${article.articleId}`, { user: users.cityAdmin, body: { title: 'ETag 新文（更正）' }, headers: { 'idempotency-key': `edit-${short()}` } });
    expect(edited.status).toBe(200);
    expect(edited.body.article).toMatchObject({ title: 'ETag 新文（更正）', version: 2 });

    const after = await call('GET', '/news?limit=50', { user: users.member, headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const ids = after.body.items.map((item: { articleId: string }) => item.articleId);
    expect(ids.indexOf(article.articleId)).toBe(first.body.items.findIndex((item: { articleId: string }) => item.articleId === article.articleId));
    expect(ids.indexOf(article.articleId)).toBeLessThan(ids.indexOf(older.articleId));
    expect(after.body.items.find((item: { articleId: string }) => item.articleId === article.articleId)).toMatchObject({ title: 'ETag 新文（更正）', version: 2 });
  });

  it('drops an unpublished article at once; admins still list it, unpublished', async () => {
    const article = await publish(users.cityAdmin, orgs.city, '将撤下的新闻');
    expect((await call('GET', '/news?limit=50', { user: users.member })).body.items.map((i: { articleId: string }) => i.articleId)).toContain(article.articleId);
    const unpublished = await call('DELETE', `/news/${article.articleId}`, { user: users.cityAdmin, headers: { 'idempotency-key': `unpub-${short()}` } });
    expect(unpublished).toMatchObject({ status: 200, body: { status: 'unpublished', version: 2 } });
    expect((await call('GET', '/news?limit=50', { user: users.member })).body.items.map((i: { articleId: string }) => i.articleId)).not.toContain(article.articleId);
    expect(await call('GET', `/news/${article.articleId}`, { user: users.member })).toMatchObject({ status: 404, body: { code: 'ARTICLE_NOT_FOUND' } });
    const listed = await call('GET', `/organisations/${orgs.city}/news?limit=100`, { user: users.cityAdmin });
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((i: { articleId: string }) => i.articleId === article.articleId)).toMatchObject({ status: 'unpublished' });
    // Edits of an unpublished article are refused.
    const late = await call('PATCH', `/news/${article.articleId}`, { user: users.cityAdmin, body: { title: '再改' }, headers: { 'idempotency-key': `late-${short()}` } });
    expect(late).toMatchObject({ status: 409, body: { code: 'ARTICLE_UNPUBLISHED' } });
  });
});

describe('publishing at the same time', () => {
  it('publishes every one of eight articles sent at once in one union, each answered 201 or a throttle with Retry-After, never a 500', async () => {
    const titles = Array.from({ length: 8 }, (_, i) => `同时发布 ${i + 1}`);
    const statuses: number[] = [];
    const published = await Promise.all(
      titles.map(async (title) => {
        // As the console sends it: one Idempotency-Key, the same again after Retry-After.
        const key = `burst-${short()}`;
        for (let attempt = 0; ; attempt++) {
          const answer = await call('POST', `/organisations/${orgs.city}/news`, { user: users.cityAdmin, body: { title, body: '正文' }, headers: { 'idempotency-key': key } });
          statuses.push(answer.status);
          if (answer.status !== 429 || attempt === 5) return answer;
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
          await new Promise((resolve) => setTimeout(resolve, Number(answer.headers.get('retry-after')) * 1000));
        }
      }),
    );
    expect(statuses.every((status) => status === 201 || status === 429)).toBe(true);
    expect(published.map((answer) => answer.status)).toEqual(titles.map(() => 201));
    const ids = new Set(published.map((answer) => answer.body.article.articleId as string));
    expect(ids.size).toBe(8);
    // And the member's feed, read through the same containers, shows all eight at once.
    expect(new Set(await feedOf(users.member, ids, 50))).toEqual(ids);
  });
});

describe('the demo and the API document', () => {
  it('shows Alice the province’s pinned notice first, Guangzhou’s and her union’s news, nothing of Shenzhen', async () => {
    const feed = await call('GET', '/news?limit=50', { user: 'alice' });
    expect(feed.status).toBe(200);
    const titles: string[] = feed.body.items.map((item: { title: string }) => item.title);
    const at = (part: string) => titles.findIndex((title) => title.includes(part));
    expect(feed.body.items[at('送清凉')]).toMatchObject({ organisationId: 'gd', pinned: true });
    // Newest first after the pinned: the metro union's check-ups (2 h ago), then Guangzhou's contest (4 h ago).
    expect(at('送清凉')).toBeLessThan(at('健康体检'));
    expect(at('健康体检')).toBeLessThan(at('职工技能大赛'));
    expect(at('快递员关爱')).toBe(-1);
  });

  it('declares the feed’s 304, its ETag and If-None-Match', async () => {
    const document = (await call('GET', '/openapi.json')).body;
    const operation = document.paths['/news'].get;
    expect(Object.keys(operation.responses)).toContain('304');
    expect(operation.responses['200'].headers.ETag).toBeDefined();
    expect(operation.responses['304'].headers.ETag).toBeDefined();
    expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('If-None-Match');
  });
});

describe('admins act on their own subtree only', () => {
  it('another city’s admin cannot publish, edit, unpublish or list; the article is unknown to her', async () => {
    const article = await publish(users.cityAdmin, orgs.union, '只属于本市的新闻');
    const publishing = await call('POST', `/organisations/${orgs.union}/news`, { user: users.otherCityAdmin, body: { title: '越权发布', body: '正文' } });
    expect(publishing).toMatchObject({ status: 403, body: { code: 'NOT_IN_SCOPE' } });
    const editing = await call('PATCH', `/news/${article.articleId}`, { user: users.otherCityAdmin, body: { title: '越权修改' } });
    expect(editing).toMatchObject({ status: 404, body: { code: 'ARTICLE_NOT_FOUND' } });
    const unpublishing = await call('DELETE', `/news/${article.articleId}`, { user: users.otherCityAdmin });
    expect(unpublishing).toMatchObject({ status: 404, body: { code: 'ARTICLE_NOT_FOUND' } });
    expect(await call('GET', `/news/${article.articleId}`, { user: users.otherCityAdmin })).toMatchObject({ status: 404, body: { code: 'ARTICLE_NOT_FOUND' } });
    expect(await call('GET', `/organisations/${orgs.city}/news`, { user: users.otherCityAdmin })).toMatchObject({ status: 403, body: { code: 'NOT_IN_SCOPE' } });
    // Nothing changed; her own city's listing has none of it; the province's admin lists both cities.
    expect((await call('GET', `/news/${article.articleId}`, { user: users.cityAdmin })).body).toMatchObject({ title: '只属于本市的新闻', version: 1 });
    const own = await call('GET', `/organisations/${orgs.otherCity}/news`, { user: users.otherCityAdmin });
    expect(own.body.items.map((i: { articleId: string }) => i.articleId)).not.toContain(article.articleId);
    const province = await call('GET', `/organisations/gd/news?limit=100`, { user: users.gdAdmin });
    expect(province.status).toBe(200);
  });

  it('pages the admins’ listing with a cursor bound to the union', async () => {
    for (let i = 0; i < 3; i++) await publish(users.cityAdmin, orgs.city, `列表分页 ${i}`);
    const first = await call('GET', `/organisations/${orgs.city}/news?limit=2`, { user: users.cityAdmin });
    expect(first.body.items).toHaveLength(2);
    const second = await call('GET', `/organisations/${orgs.city}/news?limit=2&cursor=${first.body.cursor}`, { user: users.cityAdmin });
    expect(second.status).toBe(200);
    expect(second.body.items.map((i: { articleId: string }) => i.articleId)).not.toContain(first.body.items[0].articleId);
    const elsewhere = await call('GET', `/organisations/${orgs.union}/news?cursor=${first.body.cursor}`, { user: users.cityAdmin });
    expect(elsewhere).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
  });
});

describe('cover images', () => {
  const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13]);

  it('go up through the presigned URL into the emulator and show through the feed’s cover URL; another type or size is refused', async () => {
    const response = await call('POST', `/organisations/${orgs.city}/news`, {
      user: users.cityAdmin,
      body: { title: '带封面的新闻', body: '正文', cover: { contentType: 'image/png', sizeBytes: png.length } },
      headers: { 'idempotency-key': `cover-${short()}` },
    });
    expect(response.status).toBe(201);
    const { coverUpload, article } = response.body;
    expect(coverUpload).toMatchObject({ contentType: 'image/png', sizeBytes: png.length });

    // As S3 does: another type or another size than was signed is refused.
    expect((await fetch(coverUpload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: png })).status).toBe(403);
    expect((await fetch(coverUpload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(png.length + 10) })).status).toBe(403);
    expect((await fetch(coverUpload.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png })).status).toBe(200);

    const feed = await call('GET', '/news?limit=50', { user: users.member });
    const item = feed.body.items.find((i: { articleId: string }) => i.articleId === article.articleId);
    expect(item.coverUrl).toBeTruthy();
    const shown = await fetch(item.coverUrl);
    expect(shown.status).toBe(200);
    expect(new Uint8Array(await shown.arrayBuffer())).toEqual(png);
  });

  it('refuses a cover of a type that is not an image, or too large, field by field', async () => {
    const wrongType = await call('POST', `/organisations/${orgs.city}/news`, { user: users.cityAdmin, body: { title: '封面类型错误', body: '正文', cover: { contentType: 'application/pdf', sizeBytes: 100 } } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe('VALIDATION_FAILED');
    expect(wrongType.body.errors.map((e: { field: string }) => e.field)).toContain('body.cover.contentType');
    const tooLarge = await call('PATCH', `/news/${(await publish(users.cityAdmin, orgs.city, '封面过大')).articleId}`, { user: users.cityAdmin, body: { cover: { contentType: 'image/jpeg', sizeBytes: 6 * 1024 * 1024 } } });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.errors.map((e: { field: string }) => e.field)).toContain('body.cover.sizeBytes');
  });
});

/** A GET through the gateway without the JSON client (a 304 has no body to parse). */
async function fetchRaw(path: string, user: string, headers: Record<string, string>) {
  return fetch(`${inject('apiUrl')}${path}`, { headers: { ...headers, authorization: `Bearer ${await tokenFor(user)}` } });
}
