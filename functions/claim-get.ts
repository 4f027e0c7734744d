/** GET /me/claims/{claimId} — one of my claims with its whole timeline. */
import { claimWithTimeline } from '../shared/claims/claims';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { claimStore } from '../shared/adapters/claim-store';
import { claims } from '../shared/claims/functions';

export const handle = async ({ caller, params }: RequestOf<typeof claims.claimGet>) =>
  ok(await claimWithTimeline({ claims: claimStore }, caller, params.claimId));

export const handler = httpHandler(claims.claimGet, handle);
