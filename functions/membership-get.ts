/** GET /me/membership — my union, my pending request and my whole membership history. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { membershipOf } from '../shared/members/membership';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { members } from '../shared/members/functions';

export const handle = async ({ caller }: RequestOf<typeof members.membershipGet>) =>
  ok(await membershipOf({ members: membershipStore, orgs: organisationStore }, caller));

export const handler = httpHandler(members.membershipGet, handle);
