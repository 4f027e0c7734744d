/** GET /me/themes — the month's themes of the caller's union chain, with the items she may see. */
import { activityStore } from '../shared/adapters/activity-store';
import { couponStore } from '../shared/adapters/coupon-store';
import { newsStore } from '../shared/adapters/news-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { themeStore } from '../shared/adapters/theme-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { themes } from '../shared/themes/functions';
import { shanghaiMonth } from '../shared/themes/theme';
import { memberThemes } from '../shared/themes/themes';

export const handle = async ({ caller, query }: RequestOf<typeof themes.themesMine>) =>
  ok(await memberThemes({ themes: themeStore, orgs: organisationStore, activities: activityStore, coupons: couponStore, news: newsStore }, caller, query.month ?? shanghaiMonth(new Date())));

export const handler = httpHandler(themes.themesMine, handle);
