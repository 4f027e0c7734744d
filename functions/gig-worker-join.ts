/** POST /gig-workers/join — "three in one": join the city's industry federation and receive the gifted protection. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { joinAsGigWorker } from '../shared/gig-workers/gig-worker-join';
import { metrics } from '../shared/observability';
import { membershipStore } from '../shared/adapters/membership-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { gigWorkers } from '../shared/gig-workers/functions';

export const handle = async ({ caller, body }: RequestOf<typeof gigWorkers.gigWorkerJoin>) => {
  const joined = await joinAsGigWorker({ orgs: organisationStore, members: membershipStore }, caller, body);
  metrics.addMetric('GigWorkerJoined', 'Count', 1);
  const { userId: _userId, ...policy } = joined.policy;
  return created({ organisation: joined.organisation, policy });
};

export const handler = httpHandler(gigWorkers.gigWorkerJoin, handle, { replays: storedReplays });
