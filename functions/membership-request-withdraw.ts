/** DELETE /me/membership/request — withdraw my pending join or transfer request. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { withdrawRequest } from '../shared/members/membership';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { members } from '../shared/members/functions';

export const handle = async ({ caller }: RequestOf<typeof members.membershipRequestWithdraw>) => {
  const member = await withdrawRequest({ members: membershipStore, orgs: organisationStore }, caller);
  return ok({ membership: member.membership && { organisationId: member.membership.organisationId, since: member.membership.since } });
};

export const handler = httpHandler(members.membershipRequestWithdraw, handle, { replays: storedReplays });
