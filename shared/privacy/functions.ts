/**
 * The privacy capability's functions: a member's access log (who was shown her personal data).
 * The records are written by the routes that show it (shared/privacy/access-log.ts).
 */
import { PageQuery } from '../organisations/schemas';
import { defineFunctions, route } from '../system';
import { AccessLogPage } from './schemas';

export const privacy = defineFunctions('privacy', {
  accessLogList: route('GET /me/access-log', ['member'], 'Who read my personal data', { query: PageQuery, 200: ['A page of reads, newest first', AccessLogPage] },
    "The caller's access log: every time an admin or operator was shown her personal data (a member list, a join request, a claim, an application, a roster) — who, when, what; a year of it.",
    { tables: { inbox: 'read' } }),
}, { tag: 'members' });
