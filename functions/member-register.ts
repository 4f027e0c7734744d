/** POST /members — sign-up. Side effect: one accounts item (the profile). */
import { registerMember } from '../shared/accounts/member-register';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { hashPii } from '../shared/privacy/pii';
import { accountStore } from '../shared/adapters/account-store';
import { storedReplays } from '../shared/http/idempotency';
import { accounts } from '../shared/accounts/functions';

export const handle = async ({ caller, body }: RequestOf<typeof accounts.memberRegister>) => {
  const member = await registerMember({ accounts: accountStore, hashPii }, caller.userId, body);
  metrics.addMetric('MemberRegistered', 'Count', 1);
  return created(member);
};

export const handler = httpHandler(accounts.memberRegister, handle, { replays: storedReplays });
