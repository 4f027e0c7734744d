/**
 * The theme-of-the-month rules with fakes (in-memory stores of themes, activities, campaigns and
 * articles; a tree of unions): an admin sets her union's theme only with items of her subtree
 * (the field of the first unfit one named), only for a union she administers; a member reads her
 * union chain's themes for the month, root first, each item cut to what she may see by its own
 * capability's rule (audience, cancelled, ended, unpublished); another branch's member sees none.
 */
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/accounts/account';
import type { Activity } from '../../shared/activities/activity';
import type { Campaign } from '../../shared/coupons/campaign';
import { InvalidCursor } from '../../shared/errors';
import type { Article } from '../../shared/news/article';
import { NotInScope } from '../../shared/organisations/errors';
import { encodeCursor } from '../../shared/pagination';
import { ThemeItemUnfit, ThemeNotFound } from '../../shared/themes/errors';
import { shanghaiMonth, type Theme } from '../../shared/themes/theme';
import type { ThemeStore } from '../../shared/themes/theme-store';
import { memberThemes, setTheme, themeOf, unionThemes } from '../../shared/themes/themes';
import { adminOf, operator, orgs, paths } from '../support/fake-tree';
import { memberAccount } from '../support/fixtures';

const clone = <T>(value: T): T => structuredClone(value);

class MemoryThemeStore implements ThemeStore {
  themes = new Map<string, Theme>();
  batchReads: string[][] = [];
  async theme(organisationId: string, month: string) {
    const theme = this.themes.get(`${organisationId}#${month}`);
    return theme && clone(theme);
  }
  async themesOf(organisationIds: string[], month: string) {
    this.batchReads.push(organisationIds);
    return organisationIds.flatMap((id) => (this.themes.has(`${id}#${month}`) ? [clone(this.themes.get(`${id}#${month}`)!)] : []));
  }
  async save(theme: Theme) {
    this.themes.set(`${theme.organisationId}#${theme.month}`, clone(theme));
  }
  async themesOfUnion(organisationId: string, page: { limit: number; cursor?: string }) {
    const all = [...this.themes.values()].filter((t) => t.organisationId === organisationId).sort((a, b) => b.month.localeCompare(a.month));
    const start = page.cursor ? Number(page.cursor) : 0;
    return { items: all.slice(start, start + page.limit).map(clone), cursor: start + page.limit < all.length ? String(start + page.limit) : undefined };
  }
}

const memberOf = (organisationId: string, extra: { industry?: 'other' | 'courier'; verified?: boolean } = {}): Account =>
  memberAccount(`member-${organisationId}`, paths[organisationId]!, { ...extra, registeredAt: '', membership: { organisationId, orgPath: paths[organisationId]!, since: '' } });

const now = new Date('2026-12-10T04:00:00.000Z');
const month = shanghaiMonth(now);
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const activity = (n: number, organisationId: string, extra: Partial<Activity> = {}): Activity => ({
  activityId: id(n),
  organisationId,
  organisationPath: paths[organisationId]!,
  title: `活动${n}`,
  description: '',
  startsAt: '2026-12-20T01:00:00.000Z',
  endsAt: '2026-12-20T04:00:00.000Z',
  place: { kind: 'venue', address: '天河' },
  capacity: 10,
  signUpOpensAt: '',
  signUpClosesAt: '',
  offerHours: 2,
  audience: { organisationId, industries: [], verifiedOnly: false, gigWorkersOnly: false },
  status: 'open',
  seatsTaken: 0,
  waiting: 0,
  checkedIn: 0,
  createdBy: 'x',
  createdAt: '',
  ...extra,
});
const campaign = (n: number, organisationId: string, extra: Partial<Campaign> = {}): Campaign => ({
  campaignId: id(n),
  name: `消费券${n}`,
  audience: { industries: ['other', 'courier'], organisationId, organisationPath: paths[organisationId]!, verifiedOnly: true },
  firstDay: '2026-12-01',
  lastDay: '2026-12-31',
  releaseTime: '10:00',
  dailyQuota: 100,
  shards: 1,
  rule: { thresholdFen: 300, discountFen: 100 },
  validityDays: 3,
  perMemberPerDay: 1,
  perMemberPerCampaign: 5,
  merchants: ['m'],
  createdBy: 'x',
  createdAt: '',
  ...extra,
});
const article = (n: number, organisationId: string, extra: Partial<Article> = {}): Article =>
  ({
    articleId: id(n),
    organisationId,
    organisationName: `${organisationId} 工会`,
    organisationPath: paths[organisationId]!,
    title: `资讯${n}`,
    excerpt: `摘要${n}`,
    body: '正文',
    pinned: false,
    version: 1,
    status: 'published',
    publishedAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    place: '',
    publishedBy: 'x',
    ...extra,
  }) as Article;

function world() {
  const themes = new MemoryThemeStore();
  const items = {
    activities: [
      activity(1, 'gz'),
      activity(2, 'gz-tianhe', { audience: { organisationId: 'gz-tianhe', industries: ['courier'], verifiedOnly: false, gigWorkersOnly: false } }),
      activity(3, 'gz', { status: 'cancelled' }),
      activity(4, 'sz'),
      activity(5, 'gd'),
    ],
    campaigns: [campaign(11, 'gz'), campaign(12, 'gz', { lastDay: '2026-12-05' }), campaign(13, 'sz')],
    articles: [article(21, 'gz'), article(22, 'gz', { status: 'unpublished' }), article(23, 'sz')],
  };
  const deps = {
    themes,
    orgs,
    activities: { get: async (k: string) => items.activities.find((a) => a.activityId === k) },
    coupons: { campaign: async (k: string) => items.campaigns.find((c) => c.campaignId === k) },
    news: { article: async (k: string) => items.articles.find((a) => a.articleId === k) },
  };
  const body = (extra: Partial<{ activityIds: string[]; campaignIds: string[]; articleIds: string[] }> = {}) => ({
    title: '十二月·温暖冬日',
    intro: '本月主题：**送温暖**。',
    activityIds: [],
    campaignIds: [],
    articleIds: [],
    ...extra,
  });
  return { themes, deps, body };
}

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

describe('setting a theme', () => {
  it('stores it with the items of her subtree, once each; setting it again replaces it', async () => {
    const { deps, body, themes } = world();
    const set = await setTheme(deps, adminOf('gz'), 'gz', month, body({ activityIds: [id(1), id(2), id(1)], campaignIds: [id(11)], articleIds: [id(21)] }), now);
    expect(set).toMatchObject({ organisationId: 'gz', month, activityIds: [id(1), id(2)], campaignIds: [id(11)], articleIds: [id(21)], updatedBy: 'admin-gz' });
    expect(set).not.toHaveProperty('organisationPath');
    await setTheme(deps, adminOf('gz'), 'gz', month, body({ activityIds: [id(1)] }), now);
    expect(themes.themes.size).toBe(1);
    expect(await themeOf(deps, adminOf('gz'), 'gz', month)).toMatchObject({ activityIds: [id(1)], campaignIds: [] });
  });

  it('refuses an item of another city, or one that does not exist, naming its field', async () => {
    const { deps, body, themes } = world();
    const foreign = await refusal(setTheme(deps, adminOf('gz'), 'gz', month, body({ activityIds: [id(1)], campaignIds: [id(11), id(13)] }), now));
    expect(foreign).toBeInstanceOf(ThemeItemUnfit);
    expect((foreign as ThemeItemUnfit).details).toMatchObject({ field: 'body.campaignIds[1]' });
    const missing = await refusal(setTheme(deps, adminOf('gz'), 'gz', month, body({ articleIds: [id(99)] }), now));
    expect((missing as ThemeItemUnfit).details).toMatchObject({ field: 'body.articleIds[0]', reason: 'no such article' });
    // An item of the union above hers is not hers to group either.
    const above = await refusal(setTheme(deps, adminOf('gz'), 'gz', month, body({ activityIds: [id(5)] }), now));
    expect((above as ThemeItemUnfit).details).toMatchObject({ field: 'body.activityIds[0]' });
    expect(themes.themes.size).toBe(0);
  });

  it('is for the admins of the union (and operators) only', async () => {
    const { deps, body } = world();
    expect(await refusal(setTheme(deps, adminOf('sz'), 'gz', month, body(), now))).toBeInstanceOf(NotInScope);
    expect(await refusal(setTheme(deps, adminOf('gz-tianhe'), 'gz', month, body(), now))).toBeInstanceOf(NotInScope);
    expect(await setTheme(deps, operator, 'gz', month, body({ activityIds: [id(1)] }), now)).toMatchObject({ updatedBy: 'op' });
    expect(await refusal(themeOf(deps, adminOf('sz'), 'gz', month))).toBeInstanceOf(NotInScope);
    expect(await refusal(themeOf(deps, adminOf('gz'), 'gz', '2027-01'))).toBeInstanceOf(ThemeNotFound);
  });
});

describe('a union’s themes for its admins', () => {
  it('lists newest month first under a cursor bound to the union', async () => {
    const { deps, body } = world();
    for (const m of ['2026-10', '2026-11', '2026-12']) await setTheme(deps, adminOf('gz'), 'gz', m, body(), now);
    const first = await unionThemes(deps, adminOf('gz'), 'gz', { limit: 2 });
    expect(first.items.map((t) => t.month)).toEqual(['2026-12', '2026-11']);
    const second = await unionThemes(deps, adminOf('gz'), 'gz', { limit: 2, cursor: first.cursor });
    expect(second.items.map((t) => t.month)).toEqual(['2026-10']);
    expect(second.cursor).toBeUndefined();
    expect(await refusal(unionThemes(deps, adminOf('gz'), 'gz', { limit: 2, cursor: encodeCursor({ list: 'themes:sz', inner: '2' }) }))).toBeInstanceOf(InvalidCursor);
    expect(await refusal(unionThemes(deps, adminOf('sz'), 'gz', { limit: 2 }))).toBeInstanceOf(NotInScope);
  });
});

describe('a member’s themes', () => {
  it('are her union chain’s for the month, root first, read in one batch, with only the items she may see', async () => {
    const { deps, body, themes } = world();
    await setTheme(deps, operator, 'gd', month, body({ activityIds: [id(5)] }), now);
    await setTheme(
      deps,
      adminOf('gz'),
      'gz',
      month,
      body({ activityIds: [id(1), id(2), id(3)], campaignIds: [id(11), id(12)], articleIds: [id(21), id(22)] }),
      now,
    );
    await setTheme(deps, adminOf('sz'), 'sz', month, body({ activityIds: [id(4)], campaignIds: [id(13)], articleIds: [id(23)] }), now);
    await setTheme(deps, adminOf('gz'), 'gz', '2027-01', body(), now);

    const mine = await memberThemes(deps, memberOf('gz-metro'), month, now);
    expect(themes.batchReads).toEqual([['gd', 'gz', 'gz-tianhe', 'gz-metro']]);
    expect(mine.month).toBe(month);
    expect(mine.items.map((t) => t.organisationId)).toEqual(['gd', 'gz']);
    const gz = mine.items[1]!;
    expect(gz).toMatchObject({ organisationName: 'gz 工会', title: '十二月·温暖冬日', intro: '本月主题：**送温暖**。' });
    // Activity 2 is for couriers only, 3 is cancelled; campaign 12 ended on the 5th; article 22 is unpublished.
    expect(gz.activities).toEqual([{ activityId: id(1), title: '活动1', startsAt: '2026-12-20T01:00:00.000Z', endsAt: '2026-12-20T04:00:00.000Z', status: 'open' }]);
    expect(gz.campaigns).toEqual([{ campaignId: id(11), title: '消费券11', firstDay: '2026-12-01', lastDay: '2026-12-31' }]);
    expect(gz.articles).toEqual([{ articleId: id(21), title: '资讯21', excerpt: '摘要21', publishedAt: '2026-12-01T00:00:00.000Z' }]);

    // A courier of the same union sees the courier activity too.
    const courier = await memberThemes(deps, memberOf('gz-metro', { industry: 'courier' }), month, now);
    expect(courier.items[1]!.activities.map((a) => a.activityId)).toEqual([id(1), id(2)]);
    // An unverified member does not see the campaign for verified members.
    expect((await memberThemes(deps, memberOf('gz-metro', { verified: false }), month, now)).items[1]!.campaigns).toEqual([]);
  });

  it('never shows another city’s theme; a member with no union has none', async () => {
    const { deps, body } = world();
    await setTheme(deps, adminOf('gz'), 'gz', month, body({ activityIds: [id(1)] }), now);
    const other = await memberThemes(deps, memberOf('sz-bayview'), month, now);
    expect(other.items).toEqual([]);
    const loner: Account = { userId: 'x', grants: [], member: { ...memberOf('gz').member!, membership: undefined } };
    expect(await memberThemes(deps, loner, month, now)).toEqual({ month, items: [] });
  });
});
