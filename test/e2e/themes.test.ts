/**
 * Themes of the month through the local runtime: a Guangzhou admin sets her union's theme for this
 * (Shanghai) month grouping one activity, one coupon campaign and one article of it (and an
 * article she then unpublishes); a member of the union reads it with the three cards (the
 * unpublished article left out), a Shenzhen member does not see it; a Shenzhen admin can neither
 * set nor read it; an item of another city is refused with its field named; admins list theirs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiMonth } from '../../shared/themes/theme';
import { activityIn } from '../support/activities';
import { call } from '../support/api';
import { campaignBody, granted, memberOf, organisation, short } from '../support/scenario';

const month = shanghaiMonth(new Date());
const users = {} as Record<'gzAdmin' | 'szAdmin' | 'member' | 'szMember', string>;
const items = {} as Record<'activity' | 'campaign' | 'article' | 'withdrawn' | 'szActivity', string>;
let union: string;

async function publish(user: string, orgId: string, title: string) {
  const response = await call('POST', `/organisations/${orgId}/news`, { user, body: { title, body: `## ${title}\n\n正文。` }, headers: { 'idempotency-key': `theme-news-${short()}` } });
  expect(response.status).toBe(201);
  return response.body.article.articleId as string;
}

beforeAll(async () => {
  users.gzAdmin = await granted('gz-admin', { role: 'admin', organisationId: 'gz' });
  users.szAdmin = await granted('sz-admin', { role: 'admin', organisationId: 'sz' });
  union = (await organisation(users.gzAdmin, 'gz-tianhe-wushan', 'grassroots', { autoApprove: true })).id;
  const szUnion = (await organisation(users.szAdmin, 'sz-nanshan-yuehai', 'grassroots', { autoApprove: true })).id;
  users.member = await memberOf(union);
  users.szMember = await memberOf(szUnion);
  items.activity = (await activityIn(users.gzAdmin, union, { title: '冬季职工运动会' })).activityId;
  const campaign = await call('POST', '/campaigns', { user: users.gzAdmin, body: campaignBody(union, { name: '暖冬消费券' }) });
  expect(campaign.status).toBe(201);
  items.campaign = campaign.body.campaignId;
  items.article = await publish(users.gzAdmin, union, '十二月送温暖活动通知');
  items.withdrawn = await publish(users.gzAdmin, union, '将撤下的资讯');
  items.szActivity = (await activityIn(users.szAdmin, 'sz', { title: '深圳职工音乐会' })).activityId;
}, 120_000);

const themeBody = (extra: Record<string, unknown> = {}) => ({
  title: '十二月·温暖冬日',
  intro: '本月主题：**送温暖**。运动会、消费券与通知一览。',
  activityIds: [items.activity],
  campaignIds: [items.campaign],
  articleIds: [items.article, items.withdrawn],
  ...extra,
});

describe('a theme of the month', () => {
  it('is set by the union’s admin, refused to another city’s admin and for another city’s item, and listed', async () => {
    const foreignAdmin = await call('PUT', `/organisations/${union}/themes/${month}`, { user: users.szAdmin, body: themeBody() });
    expect(foreignAdmin).toMatchObject({ status: 403, body: { code: 'NOT_IN_SCOPE' } });
    const foreignItem = await call('PUT', `/organisations/${union}/themes/${month}`, { user: users.gzAdmin, body: themeBody({ activityIds: [items.activity, items.szActivity] }) });
    expect(foreignItem.status).toBe(409);
    expect(foreignItem.body).toMatchObject({ code: 'THEME_ITEM_UNFIT', field: 'body.activityIds[1]' });
    expect(foreignItem.headers.get('content-type')).toContain('application/problem+json');
    const badMonth = await call('PUT', `/organisations/${union}/themes/2026-13`, { user: users.gzAdmin, body: themeBody() });
    expect(badMonth.status).toBe(400);

    const set = await call('PUT', `/organisations/${union}/themes/${month}`, { user: users.gzAdmin, body: themeBody() });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ organisationId: union, month, title: '十二月·温暖冬日', activityIds: [items.activity], campaignIds: [items.campaign], articleIds: [items.article, items.withdrawn] });
    // Setting it again sets the same state.
    expect((await call('PUT', `/organisations/${union}/themes/${month}`, { user: users.gzAdmin, body: themeBody() })).status).toBe(200);

    const read = await call('GET', `/organisations/${union}/themes/${month}`, { user: users.gzAdmin });
    expect(read).toMatchObject({ status: 200, body: { title: '十二月·温暖冬日', month } });
    expect(await call('GET', `/organisations/${union}/themes/${month}`, { user: users.szAdmin })).toMatchObject({ status: 403, body: { code: 'NOT_IN_SCOPE' } });
    expect(await call('GET', `/organisations/${union}/themes/2031-01`, { user: users.gzAdmin })).toMatchObject({ status: 404, body: { code: 'THEME_NOT_FOUND' } });
    const list = await call('GET', `/organisations/${union}/themes?limit=10`, { user: users.gzAdmin });
    expect(list.status).toBe(200);
    expect(list.body.items.map((theme: { month: string }) => theme.month)).toEqual([month]);
    expect(await call('GET', `/organisations/${union}/themes?cursor=${Buffer.from(JSON.stringify({ list: 'themes:sz', inner: 'x' })).toString('base64url')}`, { user: users.gzAdmin })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_CURSOR' },
    });
  });

  it('shows the union’s member the three cards (not the unpublished article); a Shenzhen member does not see it', async () => {
    expect((await call('DELETE', `/news/${items.withdrawn}`, { user: users.gzAdmin })).status).toBe(200);

    const mine = await call('GET', `/me/themes?month=${month}`, { user: users.member });
    expect(mine.status).toBe(200);
    const theme = mine.body.items.find((t: { organisationId: string }) => t.organisationId === union);
    expect(theme).toMatchObject({ title: '十二月·温暖冬日', intro: '本月主题：**送温暖**。运动会、消费券与通知一览。', month });
    expect(theme.activities).toEqual([expect.objectContaining({ activityId: items.activity, title: '冬季职工运动会', status: 'open' })]);
    expect(theme.campaigns).toEqual([expect.objectContaining({ campaignId: items.campaign, title: '暖冬消费券' })]);
    expect(theme.articles).toEqual([expect.objectContaining({ articleId: items.article, title: '十二月送温暖活动通知' })]);
    // The default month is this Shanghai month.
    const byDefault = await call('GET', '/me/themes', { user: users.member });
    expect(byDefault.body.month).toBe(month);
    expect(byDefault.body.items.some((t: { organisationId: string }) => t.organisationId === union)).toBe(true);

    const other = await call('GET', `/me/themes?month=${month}`, { user: users.szMember });
    expect(other.status).toBe(200);
    expect(other.body.items.some((t: { organisationId: string }) => t.organisationId === union)).toBe(false);
    expect(await call('GET', '/me/themes', { user: users.gzAdmin })).toMatchObject({ status: 403, body: { code: 'ROLE_REQUIRED' } });
  });
});
