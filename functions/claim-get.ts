/** GET /me/claims/{claimId} — one of my claims with its whole timeline. */
import { claimWithTimeline } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { claimDependencies } from '../shared/stores';

export const handle = async ({ caller, params }: RequestOf<'claimGet'>) =>
  ok(await claimWithTimeline(claimDependencies(), caller, params.claimId));

export const handler = httpHandler('claimGet', handle);
