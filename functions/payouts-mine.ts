/** GET /me/payouts — money owed to me and where it is: queued (scheduled for a day), batched, or paid. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { payoutStore } from '../shared/stores';

export const handle = async ({ caller }: RequestOf<'payoutsMine'>) => {
  const items = await payoutStore().byUser(caller.userId);
  return ok({
    items: items.map(({ payoutId, source, amountFen, status, scheduledFor, paidAt, attempt }) => ({ payoutId, source, amountFen, status, scheduledFor, paidAt, attempt })),
  });
};

export const handler = httpHandler('payoutsMine', handle);
