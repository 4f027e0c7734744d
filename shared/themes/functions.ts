/**
 * The themes capability's functions: admins set and read their unions' theme of the month (which
 * groups the month's activities, coupon campaigns and news articles); members read their union
 * chain's themes with the items they may see.
 */
import { OrganisationParams, PageQuery } from '../organisations/schemas';
import { defineFunctions } from '../system';
import { MyThemes, MyThemesQuery, ThemeBody, ThemePage, ThemeParams, ThemeView } from './schemas';

export const themes = defineFunctions('themes', {
  themeSet: {
    entry: 'functions/theme-set.ts',
    description: "An admin sets her union's theme of the month (an operator any union's): title, intro and the activities, campaigns and articles of her subtree it groups.",
    trigger: {
      kind: 'http',
      method: 'PUT',
      path: '/organisations/{orgId}/themes/{month}',
      access: { roles: ['admin', 'operator'] },
      tag: 'themes',
      summary: 'Set the theme of the month',
      request: { params: ThemeParams, body: ThemeBody },
      responses: { 200: { description: 'The theme as it now stands', schema: ThemeView } },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, ORGANISATION_CLOSED: 409, THEME_ITEM_UNFIT: 409 },
      // Setting a state: a repeat sets the same one and answers it again.
      idempotency: 'natural',
    },
    tables: { themes: 'read-write', organisations: 'read', activities: 'read', coupons: 'read', news: 'read' },
  },
  themeGet: {
    entry: 'functions/theme-get.ts',
    description: "A union's theme of a month, for its admins.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/organisations/{orgId}/themes/{month}',
      access: { roles: ['admin', 'operator'] },
      tag: 'themes',
      summary: 'The theme of a month',
      request: { params: ThemeParams },
      responses: { 200: { description: 'The theme', schema: ThemeView } },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, THEME_NOT_FOUND: 404 },
    },
    tables: { themes: 'read', organisations: 'read' },
  },
  organisationThemes: {
    entry: 'functions/organisation-themes.ts',
    description: "A union's themes, newest month first, for its admins.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/organisations/{orgId}/themes',
      access: { roles: ['admin', 'operator'] },
      tag: 'themes',
      summary: "A union's themes",
      request: { params: OrganisationParams, query: PageQuery },
      responses: { 200: { description: 'A page of themes', schema: ThemePage } },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 },
    },
    tables: { themes: 'read', organisations: 'read' },
  },
  themesMine: {
    entry: 'functions/themes-mine.ts',
    description: "The themes of a month for the caller: her union's and every union's above it, each item a short card, only those she may see.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/me/themes',
      access: { roles: ['member'] },
      tag: 'themes',
      summary: 'My themes of the month',
      request: { query: MyThemesQuery },
      responses: { 200: { description: "The month's themes of her union chain, root first", schema: MyThemes } },
    },
    tables: { themes: 'read', organisations: 'read', activities: 'read', coupons: 'read', news: 'read' },
  },
});
