/** POST /me/membership — join a union: at once where it auto-approves, else pending its admins. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { joinUnion } from '../shared/members/membership';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { members } from '../shared/members/functions';

export const handle = async ({ caller, body }: RequestOf<typeof members.membershipJoin>) => {
  const member = await joinUnion({ members: membershipStore, orgs: organisationStore }, caller, body.organisationId, 'join');
  return created({ membership: member.membership && { organisationId: member.membership.organisationId, since: member.membership.since }, request: member.request });
};

export const handler = httpHandler(members.membershipJoin, handle, { replays: storedReplays });
