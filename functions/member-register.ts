/** POST /members — sign-up. Side effect: one accounts item (the profile). */
import { registerMember } from '../shared/accounts/member-register';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { hashPii } from '../shared/privacy/pii';
import { accountStore } from '../shared/stores';

export const handle = async ({ caller, body }: RequestOf<'memberRegister'>) => {
  const member = await registerMember({ accounts: accountStore(), hashPii }, caller.userId, body);
  metrics.addMetric('MemberRegistered', 'Count', 1);
  return created(member);
};

export const handler = httpHandler('memberRegister', handle);
