/** GET /payouts/batches/{batchNo} — a payout batch and what became of each item (failures with the provider's reason), for operators; each recipient shown is logged under her. */
import { accessLog } from '../shared/adapters/access-log';
import { payoutStore } from '../shared/adapters/payout-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { batchDetail } from '../shared/payouts/batches';
import { payouts } from '../shared/payouts/functions';
import { logReads, routeKeyOf } from '../shared/privacy/access-log';

export const handle = async ({ caller, params }: RequestOf<typeof payouts.payoutBatchGet>) => {
  const batch = await batchDetail(payoutStore, params.batchNo);
  await logReads(accessLog, caller, batch.items.map((item) => item.recipient), { route: routeKeyOf(payouts.payoutBatchGet), what: `payout batch ${params.batchNo}` });
  return ok(batch);
};

export const handler = httpHandler(payouts.payoutBatchGet, handle);
