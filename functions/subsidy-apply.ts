/** POST /programmes/{programmeId}/applications — apply once; the pre-check names any failing rule. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { subsidyDependencies } from '../shared/stores';
import { applyForSubsidy } from '../shared/subsidies/subsidies';

export const handle = async ({ caller, params, body }: RequestOf<'subsidyApply'>) => {
  const { application, uploads } = await applyForSubsidy(subsidyDependencies(), caller, params.programmeId, body.details, new Date(), body.documents);
  metrics.addMetric('SubsidyApplied', 'Count', 1);
  return created({ ...application, uploads });
};

export const handler = httpHandler('subsidyApply', handle);
