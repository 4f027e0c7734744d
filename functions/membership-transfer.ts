/** POST /me/membership/transfer — move to another union; the current membership stays until approved. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { joinUnion } from '../shared/members/membership';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { members } from '../shared/members/functions';

export const handle = async ({ caller, body }: RequestOf<typeof members.membershipTransfer>) => {
  const member = await joinUnion({ members: membershipStore, orgs: organisationStore }, caller, body.organisationId, 'transfer');
  return created({ membership: member.membership && { organisationId: member.membership.organisationId, since: member.membership.since }, request: member.request });
};

export const handler = httpHandler(members.membershipTransfer, handle, { replays: storedReplays });
