/** POST /organisations/{orgId}/join-requests/{userId} — approve or reject a pending request. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { decideRequest } from '../shared/members/membership';
import { metrics } from '../shared/observability';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { members } from '../shared/members/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof members.joinRequestDecide>) => {
  const decided = await decideRequest(
    { members: membershipStore, orgs: organisationStore },
    caller,
    params.orgId,
    params.userId,
    { approve: body.decision === 'approve', reason: body.reason },
  );
  metrics.addMetric(decided.decision === 'approved' ? 'MemberJoined' : 'JoinRejected', 'Count', 1);
  return ok(decided);
};

export const handler = httpHandler(members.joinRequestDecide, handle, { replays: storedReplays });
