/** POST /me/verification — real-name verification; the ID number is kept only hashed and masked. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { verifyIdentity } from '../shared/identity/identity-verify';
import { metrics } from '../shared/observability';
import { hashPii } from '../shared/privacy/pii';
import { identityStore } from '../shared/adapters/identity-store';
import { identityVerifier } from '../shared/adapters/identity-verifier';
import { storedReplays } from '../shared/http/idempotency';
import { identity } from '../shared/identity/functions';

export const handle = async ({ caller, body }: RequestOf<typeof identity.identityVerify>) => {
  const member = await verifyIdentity({ verifier: identityVerifier, identities: identityStore, hashPii }, caller, body);
  metrics.addMetric('MemberVerified', 'Count', 1);
  return ok(member);
};

export const handler = httpHandler(identity.identityVerify, handle, { replays: storedReplays });
