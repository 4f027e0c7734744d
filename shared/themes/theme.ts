/**
 * A union's "theme of the month": a title, a short Markdown intro and the activities, coupon
 * campaigns and news articles of one Asia/Shanghai month it groups in one view for members.
 * Plain types and rules, no storage: the use cases (themes.ts) and the store apply them.
 */
import { shanghaiDay } from '../days';

export type ItemKind = 'activity' | 'campaign' | 'article';

export interface Theme {
  organisationId: string;
  /** The union's path when the theme was set: a prefetch hint for scope reads, never the truth. */
  organisationPath: string;
  /** YYYY-MM, Asia/Shanghai. */
  month: string;
  title: string;
  /** Markdown. */
  intro: string;
  activityIds: string[];
  campaignIds: string[];
  articleIds: string[];
  updatedBy: string;
  updatedAt: string;
}

export interface ThemeInput {
  title: string;
  intro: string;
  activityIds: string[];
  campaignIds: string[];
  articleIds: string[];
}

/** The field of the request body naming the ids of one kind of item. */
export const fieldOf: Record<ItemKind, 'activityIds' | 'campaignIds' | 'articleIds'> = {
  activity: 'activityIds',
  campaign: 'campaignIds',
  article: 'articleIds',
};

/** The Shanghai month of an instant, "YYYY-MM". */
export const shanghaiMonth = (at: Date) => shanghaiDay(at).slice(0, 7);

/** The same ids once each, in the order first named (a repeat in a PUT body is not an error). */
export const once = (ids: string[]) => [...new Set(ids)];

/** Cards: what a member's view shows of each item, with the id to open it by. */
export interface ActivityCard {
  activityId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  status: string;
}
export interface CampaignCard {
  campaignId: string;
  title: string;
  firstDay: string;
  lastDay: string;
}
export interface ArticleCard {
  articleId: string;
  title: string;
  excerpt: string;
  publishedAt: string;
}

/** A theme as a member reads it: her union chain's theme, its items cut to those she may see. */
export interface MemberTheme {
  organisationId: string;
  organisationName: string;
  month: string;
  title: string;
  intro: string;
  activities: ActivityCard[];
  campaigns: CampaignCard[];
  articles: ArticleCard[];
}
