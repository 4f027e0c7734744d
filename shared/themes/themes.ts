/**
 * Themes of the month: an admin sets her union's theme for a month (title, intro, and the
 * activities, coupon campaigns and news articles of her subtree it groups); members read the
 * themes of their union chain for a month, each item cut to what they may see by the rules of the
 * capability it belongs to; admins read and list their unions' themes.
 */
import type { Account } from '../accounts/account';
import { audienceRefusal, type Activity } from '../activities/activity';
import type { ActivityStore } from '../activities/activity-store';
import { ineligibility, type Campaign } from '../coupons/campaign';
import type { CouponStore } from '../coupons/coupon-store';
import { shanghaiDay } from '../days';
import { InvalidCursor } from '../errors';
import type { Article } from '../news/article';
import { readsAsMember } from '../news/news';
import type { NewsStore } from '../news/news-store';
import { OrganisationClosed, OrganisationNotFound } from '../organisations/errors';
import type { Organisation } from '../organisations/organisation';
import type { OrganisationReader } from '../organisations/organisation-store';
import { ancestryOf, currentPathInScope, organisationInScope, readOnce, segmentsOf } from '../organisations/scope';
import { decodeCursor, encodeCursor, type Page } from '../pagination';
import { ThemeItemUnfit, ThemeNotFound } from './errors';
import { fieldOf, once, type ItemKind, type MemberTheme, type Theme, type ThemeInput } from './theme';
import type { ThemeStore } from './theme-store';

/** What a theme reads of the capabilities it groups: each one's own store, single reads by id. */
export interface ItemReaders {
  activities: Pick<ActivityStore, 'get'>;
  coupons: Pick<CouponStore, 'campaign'>;
  news: Pick<NewsStore, 'article'>;
}

export interface ThemeDependencies extends ItemReaders {
  themes: ThemeStore;
  orgs: OrganisationReader;
}

export type ThemeView = Omit<Theme, 'organisationPath'>;

export const themeView = ({ organisationPath: _path, ...view }: Theme): ThemeView => view;

/** Every id a theme names, with the union each item belongs to (and that union's path when made, a hint). */
interface Named {
  activity: Map<string, Activity | undefined>;
  campaign: Map<string, Campaign | undefined>;
  article: Map<string, Article | undefined>;
}

/** Reads the items named, each kind through its own store, all at once. */
async function readItems(deps: ItemReaders, ids: Record<ItemKind, string[]>): Promise<Named> {
  const read = async <T>(list: string[], get: (id: string) => Promise<T | undefined>) =>
    new Map(await Promise.all(once(list).map(async (id) => [id, await get(id)] as const)));
  const [activity, campaign, article] = await Promise.all([
    read(ids.activity, (id) => deps.activities.get(id)),
    read(ids.campaign, (id) => deps.coupons.campaign(id)),
    read(ids.article, (id) => deps.news.article(id)),
  ]);
  return { activity, campaign, article };
}

/** The union an item belongs to, and its path when the item was made. */
const ownerOf = {
  activity: (item: Activity) => ({ id: item.organisationId, path: item.organisationPath }),
  campaign: (item: Campaign) => ({ id: item.audience.organisationId, path: item.audience.organisationPath }),
  article: (item: Article) => ({ id: item.organisationId, path: item.organisationPath }),
};

// ——— Setting (admins) ———

async function unionInScope(orgs: OrganisationReader, caller: Account, organisationId: string): Promise<{ organisation: Organisation; path: string }> {
  const organisation = await orgs.get(organisationId);
  if (!organisation) throw new OrganisationNotFound(organisationId);
  return { organisation, path: await currentPathInScope(caller, organisation, orgs) };
}

/**
 * An admin sets her union's theme for a month (an operator, any union's); setting it again
 * replaces it.
 *
 * Primary course:
 *  1. The union exists (404), the caller administers it as the tree is now (403 NOT_IN_SCOPE)
 *     and it is active (409 ORGANISATION_CLOSED).
 *  2. Every item named is read through its own capability's store, all at once: each must exist
 *     and belong to the union or one below it, as the tree is now (its union's ancestry includes
 *     the theme's union); the first that does not is refused with its field (409 THEME_ITEM_UNFIT).
 *  3. The theme is stored under the union and month, replacing any before.
 */
export async function setTheme(deps: ThemeDependencies, caller: Account, organisationId: string, month: string, input: ThemeInput, now: Date = new Date()): Promise<ThemeView> {
  const orgs = readOnce(deps.orgs);
  const { organisation, path } = await unionInScope(orgs, caller, organisationId);
  if (organisation.status !== 'active') throw new OrganisationClosed(organisationId);
  const theme: Theme = {
    organisationId,
    organisationPath: path,
    month,
    title: input.title,
    intro: input.intro,
    activityIds: once(input.activityIds),
    campaignIds: once(input.campaignIds),
    articleIds: once(input.articleIds),
    updatedBy: caller.userId,
    updatedAt: now.toISOString(),
  };
  const named = await readItems(deps, { activity: theme.activityIds, campaign: theme.campaignIds, article: theme.articleIds });
  for (const kind of ['activity', 'campaign', 'article'] as const) {
    const ids = theme[fieldOf[kind]];
    const owners = ids.map((id) => {
      const item = named[kind].get(id);
      return item && (ownerOf[kind] as (item: unknown) => { id: string; path: string })(item);
    });
    const fits = await Promise.all(owners.map((owner) => owner && belongsUnder(orgs, owner, organisationId)));
    const first = fits.findIndex((fit) => !fit);
    if (first >= 0) {
      const field = `body.${fieldOf[kind]}[${input[fieldOf[kind]].indexOf(ids[first]!)}]`;
      throw new ThemeItemUnfit(field, owners[first] ? `the ${kind} belongs to a union outside this one's subtree` : `no such ${kind}`);
    }
  }
  await deps.themes.save(theme);
  return themeView(theme);
}

/** Whether the union `owner` is `unionId` or lies below it, as the tree is now. */
async function belongsUnder(orgs: OrganisationReader, owner: { id: string; path: string }, unionId: string): Promise<boolean> {
  const chain = await ancestryOf(owner.id, orgs, { prefetch: segmentsOf(owner.path) });
  return chain?.some((organisation) => organisation.id === unionId) ?? false;
}

/** A union's theme for a month, for its admins. */
export async function themeOf(deps: Pick<ThemeDependencies, 'themes' | 'orgs'>, caller: Account, organisationId: string, month: string): Promise<ThemeView> {
  await organisationInScope(caller, organisationId, deps.orgs);
  const theme = await deps.themes.theme(organisationId, month);
  if (!theme) throw new ThemeNotFound();
  return themeView(theme);
}

/** A union's themes, newest month first, for its admins; the cursor is bound to the union. */
export async function unionThemes(deps: Pick<ThemeDependencies, 'themes' | 'orgs'>, caller: Account, organisationId: string, page: { limit: number; cursor?: string }): Promise<Page<ThemeView>> {
  await unionInScope(deps.orgs, caller, organisationId);
  const list = `themes:${organisationId}`;
  const decoded = decodeCursor(page.cursor);
  if (decoded && (decoded.list !== list || typeof decoded.inner !== 'string' || Object.keys(decoded).length !== 2)) throw new InvalidCursor();
  const found = await deps.themes.themesOfUnion(organisationId, { limit: page.limit, cursor: decoded?.inner as string | undefined });
  return { items: found.items.map(themeView), ...(found.cursor ? { cursor: encodeCursor({ list, inner: found.cursor }) } : {}) };
}

// ——— Reading (members) ———

/**
 * The themes of a month that apply to a member: those of her union and of every union above it,
 * root first, each with its items as cards — only those she may see.
 *
 * Primary course:
 *  1. Her union's ancestry as the tree is now (one BatchGet, two after a move); none without a union.
 *  2. The chain's themes for the month: one BatchGet.
 *  3. Every item they name, read once through its own capability's store, all at once.
 *  4. Each kept by its capability's own rule: an activity not cancelled whose audience includes
 *     her (`audienceRefusal`); a campaign not ended for which she is eligible (`ineligibility`);
 *     an article published by her union or one above it (`readsAsMember`). A theme keeps its
 *     place even when none of its items is for her (its title and intro are).
 */
export async function memberThemes(deps: ThemeDependencies, caller: Account, month: string, now: Date = new Date()): Promise<{ month: string; items: MemberTheme[] }> {
  const profile = caller.member;
  const membership = profile?.membership;
  if (!profile || !membership) return { month, items: [] };
  const chain = await ancestryOf(membership.organisationId, deps.orgs, { prefetch: segmentsOf(membership.orgPath) });
  if (!chain) return { month, items: [] };
  const found = await deps.themes.themesOf(chain.map((organisation) => organisation.id), month);
  const themes = chain.flatMap((organisation) => found.filter((theme) => theme.organisationId === organisation.id).map((theme) => ({ theme, organisation })));
  const named = await readItems(deps, {
    activity: themes.flatMap(({ theme }) => theme.activityIds),
    campaign: themes.flatMap(({ theme }) => theme.campaignIds),
    article: themes.flatMap(({ theme }) => theme.articleIds),
  });
  const standing = { profile, chain };
  const today = shanghaiDay(now);
  const present = <T>(map: Map<string, T | undefined>, ids: string[]) => ids.flatMap((id) => (map.get(id) ? [map.get(id)!] : []));
  return {
    month,
    items: themes.map(({ theme, organisation }) => ({
      organisationId: theme.organisationId,
      organisationName: organisation.name,
      month: theme.month,
      title: theme.title,
      intro: theme.intro,
      activities: present(named.activity, theme.activityIds)
        .filter((activity) => activity.status !== 'cancelled' && !audienceRefusal(activity.audience, standing, now))
        .map(({ activityId, title, startsAt, endsAt, status }) => ({ activityId, title, startsAt, endsAt, status })),
      campaigns: present(named.campaign, theme.campaignIds)
        .filter((campaign) => today <= campaign.lastDay && !ineligibility(campaign, profile))
        .map(({ campaignId, name, firstDay, lastDay }) => ({ campaignId, title: name, firstDay, lastDay })),
      articles: present(named.article, theme.articleIds)
        .filter((article) => readsAsMember(article, caller))
        .map(({ articleId, title, excerpt, publishedAt }) => ({ articleId, title, excerpt, publishedAt })),
    })),
  };
}
