/** DELETE /me/membership — leave my union (history kept). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { leaveUnion } from '../shared/members/membership';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { members } from '../shared/members/functions';

export const handle = async ({ caller }: RequestOf<typeof members.membershipLeave>) => {
  const member = await leaveUnion({ members: membershipStore, orgs: organisationStore }, caller);
  return ok({ membership: undefined, request: member.request });
};

export const handler = httpHandler(members.membershipLeave, handle, { replays: storedReplays });
