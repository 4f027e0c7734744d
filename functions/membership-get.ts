/** GET /me/membership — my union, my pending request and my whole membership history. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { membershipOf } from '../shared/members/membership';
import { membershipStore, organisationStore } from '../shared/stores';

export const handle = async ({ caller }: RequestOf<'membershipGet'>) =>
  ok(await membershipOf({ members: membershipStore(), orgs: organisationStore() }, caller));

export const handler = httpHandler('membershipGet', handle);
