/** GET /me/payouts — money owed to me and where it is: queued (scheduled for a day), batched, or paid. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { payoutStore } from '../shared/adapters/payout-store';
import { payouts } from '../shared/payouts/functions';

export const handle = async ({ caller }: RequestOf<typeof payouts.payoutsMine>) => {
  const items = await payoutStore.byUser(caller.userId);
  return ok({
    items: items.map(({ payoutId, source, amountFen, status, scheduledFor, paidAt, attempt }) => ({ payoutId, source, amountFen, status, scheduledFor, paidAt, attempt })),
  });
};

export const handler = httpHandler(payouts.payoutsMine, handle);
