/** Response shapes of a member's access log: who read her personal data, when, and what. */
import * as z from 'zod/mini';
import '../schema-locale';
import { pageOf } from '../schema-shapes';

export const AccessRecordView = z.object({
  at: z.string().check(z.describe('When the data was read')),
  by: z.string().check(z.describe("The reader's sign-in subject")),
  as: z.enum(['operator', 'admin', 'member']).check(z.describe('The role the reader read under')),
  byUnions: z.array(z.string()).check(z.describe('The unions the reader is an admin of')),
  route: z.string().check(z.describe('The route that answered, e.g. GET /organisations/{orgId}/members')),
  what: z.string().check(z.describe('What the reader was shown, in words (never the data itself), e.g. "member list of union gz"')),
});

export const AccessLogPage = pageOf(AccessRecordView);
