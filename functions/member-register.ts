/** POST /members — sign-up. Side effect: one accounts item (the profile). */
import { DynamoAccountStore } from '../shared/accounts/account-store-dynamodb';
import { registerMember } from '../shared/accounts/member-register';
import { documents } from '../shared/aws/clients';
import { tableName } from '../shared/config';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { hashPii } from '../shared/privacy/pii';

const accounts = new DynamoAccountStore(documents, tableName('accounts'));

export const handle = async ({ caller, body }: RequestOf<'memberRegister'>) => {
  const member = await registerMember({ accounts, hashPii }, caller.userId, body);
  metrics.addMetric('MemberRegistered', 'Count', 1);
  return created(member);
};

export const handler = httpHandler('memberRegister', handle);
