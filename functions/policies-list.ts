/** GET /me/policies — my protection policies. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { policyStore } from '../shared/stores';

export const handle = async ({ caller }: RequestOf<'policiesList'>) =>
  ok({ items: (await policyStore().policies(caller.userId)).map(({ userId: _userId, ...policy }) => policy) });

export const handler = httpHandler('policiesList', handle);
