/** POST /me/claims — file an insurance claim on my protection; returns upload URLs for its documents. */
import { fileClaim } from '../shared/claims/claims';
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { metrics } from '../shared/observability';
import { claimStore } from '../shared/adapters/claim-store';
import { documentUploads } from '../shared/adapters/document-uploads';
import { organisationStore } from '../shared/adapters/organisation-store';
import { storedReplays } from '../shared/http/idempotency';
import { claims } from '../shared/claims/functions';

export const handle = async ({ caller, body }: RequestOf<typeof claims.claimFile>) => {
  const filed = await fileClaim({ claims: claimStore, uploads: documentUploads, orgs: organisationStore }, caller, body);
  metrics.addMetric('ClaimFiled', 'Count', 1);
  return created(filed);
};

export const handler = httpHandler(claims.claimFile, handle, { replays: storedReplays });
