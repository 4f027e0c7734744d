/** Request and response schemas of the theme-of-the-month routes (zod/mini: the OpenAPI document is generated from them). */
import * as z from 'zod/mini';
import { withChinese } from '../schema-locale';
import { OrganisationId } from '../organisations/schemas';
import { pageOf } from '../schema-shapes';

const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, withChinese('must be a month YYYY-MM', '须为 YYYY-MM 格式的月份')), z.describe('A month, Asia/Shanghai: YYYY-MM'));

export const ThemeParams = z.object({ orgId: OrganisationId, month: Month });

export const MyThemesQuery = z.object({ month: z.optional(Month.check(z.describe('Default: this month in Asia/Shanghai'))) });

const Ids = (what: string) => z._default(z.array(z.string().check(z.uuid())).check(z.maxLength(20), z.describe(`The ${what} it groups (at most 20): each must belong to the union or one below it`)), []);

export const ThemeBody = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(2), z.maxLength(60), z.describe('e.g. 五月·劳动者之歌')),
  intro: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000), z.describe('A short Markdown introduction')),
  activityIds: Ids('activities'),
  campaignIds: Ids('coupon campaigns'),
  articleIds: Ids('news articles'),
});

export const ThemeView = z.object({
  organisationId: z.string(),
  month: z.string(),
  title: z.string(),
  intro: z.string().check(z.describe('Markdown')),
  activityIds: z.array(z.string()),
  campaignIds: z.array(z.string()),
  articleIds: z.array(z.string()),
  updatedBy: z.string().check(z.describe('The admin who last set it')),
  updatedAt: z.string(),
});

export const ThemePage = pageOf(ThemeView);

export const MemberThemeView = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  month: z.string(),
  title: z.string(),
  intro: z.string().check(z.describe('Markdown')),
  activities: z.array(z.object({ activityId: z.string(), title: z.string(), startsAt: z.string(), endsAt: z.string(), status: z.string() })),
  campaigns: z.array(z.object({ campaignId: z.string(), title: z.string(), firstDay: z.string(), lastDay: z.string() })),
  articles: z.array(z.object({ articleId: z.string(), title: z.string(), excerpt: z.string(), publishedAt: z.string() })),
});

export const MyThemes = z.object({
  month: z.string(),
  items: z.array(MemberThemeView.check(z.describe("Her union chain's themes, root first; only the items she may see"))),
});
