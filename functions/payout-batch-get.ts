/** GET /payouts/batches/{batchNo} — a payout batch and what became of each item (failures with the provider's reason), for operators. */
import { payoutStore } from '../shared/adapters/payout-store';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { batchDetail } from '../shared/payouts/batches';
import { payouts } from '../shared/payouts/functions';

export const handle = async ({ params }: RequestOf<typeof payouts.payoutBatchGet>) => ok(await batchDetail(payoutStore, params.batchNo));

export const handler = httpHandler(payouts.payoutBatchGet, handle);
