/** GET /organisations/{orgId}/themes/{month} — a union's theme of a month, for its admins. */
import { organisationStore } from '../shared/adapters/organisation-store';
import { themeStore } from '../shared/adapters/theme-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { themes } from '../shared/themes/functions';
import { themeOf } from '../shared/themes/themes';

export const handle = async ({ caller, params }: RequestOf<typeof themes.themeGet>) =>
  ok(await themeOf({ themes: themeStore, orgs: organisationStore }, caller, params.orgId, params.month));

export const handler = httpHandler(themes.themeGet, handle);
