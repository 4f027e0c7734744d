/** DELETE /me/membership/request — withdraw my pending join or transfer request. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { withdrawRequest } from '../shared/members/membership';
import { membershipStore, organisationStore } from '../shared/stores';

export const handle = async ({ caller }: RequestOf<'membershipRequestWithdraw'>) => {
  const member = await withdrawRequest({ members: membershipStore(), orgs: organisationStore() }, caller);
  return ok({ membership: member.membership && { organisationId: member.membership.organisationId, since: member.membership.since } });
};

export const handler = httpHandler('membershipRequestWithdraw', handle);
