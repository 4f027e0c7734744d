/**
 * The themes capability's functions: admins set and read their unions' theme of the month (which
 * groups the month's activities, coupon campaigns and news articles); members read their union
 * chain's themes with the items they may see.
 */
import { OrganisationParams, PageQuery } from '../organisations/schemas';
import { defineFunctions, route } from '../system';
import { MyThemes, MyThemesQuery, ThemeBody, ThemePage, ThemeParams, ThemeView } from './schemas';

export const themes = defineFunctions('themes', {
  // Setting a state: a repeat sets the same one and answers it again.
  themeSet: route('PUT /organisations/{orgId}/themes/{month}', ['admin', 'operator'], 'Set the theme of the month', { params: ThemeParams, body: ThemeBody, 200: ['The theme as it now stands', ThemeView] },
    "An admin sets her union's theme of the month (an operator any union's): title, intro and the activities, campaigns and articles of her subtree it groups.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, ORGANISATION_CLOSED: 409, THEME_ITEM_UNFIT: 409 }, idempotency: 'natural', tables: { themes: 'read-write', organisations: 'read', activities: 'read', coupons: 'read', news: 'read' } }),
  themeGet: route('GET /organisations/{orgId}/themes/{month}', ['admin', 'operator'], 'The theme of a month', { params: ThemeParams, 200: ['The theme', ThemeView] },
    "A union's theme of a month, for its admins.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, THEME_NOT_FOUND: 404 }, tables: { themes: 'read', organisations: 'read' } }),
  organisationThemes: route('GET /organisations/{orgId}/themes', ['admin', 'operator'], "A union's themes", { params: OrganisationParams, query: PageQuery, 200: ['A page of themes', ThemePage] },
    "A union's themes, newest month first, for its admins.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { themes: 'read', organisations: 'read' } }),
  themesMine: route('GET /me/themes', ['member'], 'My themes of the month', { query: MyThemesQuery, 200: ["The month's themes of her union chain, root first", MyThemes] },
    "The themes of a month for the caller: her union's and every union's above it, each item a short card, only those she may see.",
    { tables: { themes: 'read', organisations: 'read', activities: 'read', coupons: 'read', news: 'read' } }),
});
