/** POST /me/membership/transfer — move to another union; the current membership stays until approved. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { joinUnion } from '../shared/members/membership';
import { membershipStore, organisationStore } from '../shared/stores';

export const handle = async ({ caller, body }: RequestOf<'membershipTransfer'>) => {
  const member = await joinUnion({ members: membershipStore(), orgs: organisationStore() }, caller, body.organisationId, 'transfer');
  return created({ membership: member.membership && { organisationId: member.membership.organisationId, since: member.membership.since }, request: member.request });
};

export const handler = httpHandler('membershipTransfer', handle);
