/** POST /me/claims — file an insurance claim on my protection; returns upload URLs for its documents. */
import { fileClaim } from '../shared/claims/claims';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { claimDependencies } from '../shared/stores';

export const handle = async ({ caller, body }: RequestOf<'claimFile'>) => {
  const filed = await fileClaim(claimDependencies(), caller, body);
  metrics.addMetric('ClaimFiled', 'Count', 1);
  return created(filed);
};

export const handler = httpHandler('claimFile', handle);
