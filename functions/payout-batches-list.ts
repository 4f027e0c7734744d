/** GET /payouts/batches?status= — payout batches, newest first, for operators. */
import { payoutStore } from '../shared/adapters/payout-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { listBatches } from '../shared/payouts/batches';
import { payouts } from '../shared/payouts/functions';

export const handle = async ({ query }: RequestOf<typeof payouts.payoutBatchesList>) =>
  ok(await listBatches(payoutStore, query.status, { limit: query.limit, cursor: query.cursor }));

export const handler = httpHandler(payouts.payoutBatchesList, handle);
