/** GET /organisations/{orgId}/themes — a union's themes, newest month first, for its admins. */
import { organisationStore } from '../shared/adapters/organisation-store';
import { themeStore } from '../shared/adapters/theme-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { themes } from '../shared/themes/functions';
import { unionThemes } from '../shared/themes/themes';

export const handle = async ({ caller, params, query }: RequestOf<typeof themes.organisationThemes>) =>
  ok(await unionThemes({ themes: themeStore, orgs: organisationStore }, caller, params.orgId, query));

export const handler = httpHandler(themes.organisationThemes, handle);
