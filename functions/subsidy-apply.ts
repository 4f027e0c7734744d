/** POST /programmes/{programmeId}/applications — apply once; the pre-check names any failing rule. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { applyForSubsidy } from '../shared/subsidies/subsidies';
import { documentUploads } from '../shared/adapters/document-uploads';
import { organisationStore } from '../shared/adapters/organisation-store';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { storedReplays } from '../shared/http/idempotency';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ caller, params, body }: RequestOf<typeof subsidies.subsidyApply>) => {
  const { application, uploads } = await applyForSubsidy({ subsidies: subsidyStore, orgs: organisationStore, uploads: documentUploads }, caller, params.programmeId, body.details, new Date(), body.documents);
  metrics.addMetric('SubsidyApplied', 'Count', 1);
  return created({ ...application, uploads });
};

export const handler = httpHandler(subsidies.subsidyApply, handle, { replays: storedReplays });
