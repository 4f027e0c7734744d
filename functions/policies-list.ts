/** GET /me/policies — my protection policies. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { policyStore } from '../shared/adapters/policy-store';
import { gigWorkers } from '../shared/gig-workers/functions';

export const handle = async ({ caller }: RequestOf<typeof gigWorkers.policiesList>) =>
  ok({ items: (await policyStore.policies(caller.userId)).map(({ userId: _userId, ...policy }) => policy) });

export const handler = httpHandler(gigWorkers.policiesList, handle);
