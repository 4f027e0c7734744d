/** PUT /organisations/{orgId}/themes/{month} — an admin sets her union's theme of the month. */
import { activityStore } from '../shared/adapters/activity-store';
import { couponStore } from '../shared/adapters/coupon-store';
import { newsStore } from '../shared/adapters/news-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { themeStore } from '../shared/adapters/theme-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { themes } from '../shared/themes/functions';
import { setTheme } from '../shared/themes/themes';

export const handle = async ({ caller, params, body }: RequestOf<typeof themes.themeSet>) =>
  ok(await setTheme({ themes: themeStore, orgs: organisationStore, activities: activityStore, coupons: couponStore, news: newsStore }, caller, params.orgId, params.month, body));

export const handler = httpHandler(themes.themeSet, handle);
