/** DELETE /me/membership — leave my union (history kept). */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { leaveUnion } from '../shared/members/membership';
import { membershipStore, organisationStore } from '../shared/stores';

export const handle = async ({ caller }: RequestOf<'membershipLeave'>) => {
  const member = await leaveUnion({ members: membershipStore(), orgs: organisationStore() }, caller);
  return ok({ membership: undefined, request: member.request });
};

export const handler = httpHandler('membershipLeave', handle);
