/**
 * Payout batches for operators, through the local runtime: an approved claim is paid by the
 * schedules, the queue and the local provider — its first item number failed by the provider on
 * purpose — and an operator finds both batches newest first, the failed item with the provider's
 * reason and the next number paid; paging, the status filter and foreign cursors; admins and
 * members are refused.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../support/api';
import { claimPaidAfterAFailure, signedUp } from '../support/scenario';

type Head = { batchNo: string; createdAt: string; status: string; totalFen: number; account: string };

/** Batches created since `since`, newest first, page after page. */
async function batchesSince(since: string, status?: string): Promise<Head[]> {
  const heads: Head[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '20', ...(status && { status }), ...(cursor && { cursor }) });
    const page = await call('GET', `/payouts/batches?${query}`, { user: 'operator' });
    expect(page.status).toBe(200);
    heads.push(...page.body.items);
    cursor = page.body.cursor;
    if (page.body.items.some((head: Head) => head.createdAt < since)) break;
  } while (cursor);
  return heads.filter((head) => head.createdAt >= since);
}

describe('payout batches for operators', () => {
  it("lists the batches that paid a claim, newest first, with a failed item's provider reason", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { userId, claimId, payoutId } = await claimPaidAfterAFailure('REAL_NAME_CHECK_FAIL');

    const heads = await batchesSince(since);
    const sorted = [...heads].sort((a, b) => `${b.createdAt}#${b.batchNo}`.localeCompare(`${a.createdAt}#${a.batchNo}`));
    expect(heads.map((h) => h.batchNo)).toEqual(sorted.map((h) => h.batchNo));
    const details = await Promise.all(heads.map(async (head) => (await call('GET', `/payouts/batches/${head.batchNo}`, { user: 'operator' })).body));
    const withMine = details.filter((batch) => batch.items.some((item: { payoutId: string }) => item.payoutId === payoutId));
    expect(withMine).toHaveLength(2);
    const [second, first] = withMine; // newest first
    expect(first.items.find((item: { payoutId: string }) => item.payoutId === payoutId)).toMatchObject({
      itemNo: `${payoutId}-1`,
      recipient: userId,
      amountFen: 100,
      source: { kind: 'claim', id: claimId },
      status: 'failed',
      failure: { reason: 'REAL_NAME_CHECK_FAIL' },
    });
    expect(second.items.find((item: { payoutId: string }) => item.payoutId === payoutId)).toMatchObject({ itemNo: `${payoutId}-2`, status: 'paid', paidAt: expect.any(String) });
    for (const batch of withMine) {
      expect(batch).toMatchObject({ status: 'settled', account: 'default', settledAt: expect.any(String) });
      expect(batch.totalFen).toBe(batch.items.reduce((sum: number, item: { amountFen: number }) => sum + item.amountFen, 0));
    }

    // The status filter: both are settled ones.
    const settled = (await batchesSince(since, 'settled')).map((h) => h.batchNo);
    expect(settled).toEqual(expect.arrayContaining([first.batchNo, second.batchNo]));
    expect((await batchesSince(since, 'forming')).map((h) => h.batchNo)).not.toContain(first.batchNo);
  });

  it('pages by cursor; refuses foreign cursors, unknown batches and bad filters', async () => {
    const one = await call('GET', '/payouts/batches?limit=1', { user: 'operator' });
    expect(one.status).toBe(200);
    if (one.body.cursor) {
      const next = await call('GET', `/payouts/batches?limit=1&cursor=${one.body.cursor}`, { user: 'operator' });
      expect(next.status).toBe(200);
      expect(next.body.items[0]?.batchNo).not.toBe(one.body.items[0].batchNo);
    }
    const foreign = Buffer.from(JSON.stringify({ pk: 'ORG#gd', sk: 'ORG' })).toString('base64url');
    expect(await call('GET', `/payouts/batches?cursor=${foreign}`, { user: 'operator' })).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    expect(await call('GET', `/payouts/batches?status=settled&cursor=${foreign}`, { user: 'operator' })).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    expect(await call('GET', '/payouts/batches?status=lost', { user: 'operator' })).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const missing = await call('GET', '/payouts/batches/PB20260101NOSUCHBATCH', { user: 'operator', headers: { 'accept-language': 'zh-CN' } });
    expect(missing).toMatchObject({ status: 404, body: { code: 'PAYOUT_BATCH_NOT_FOUND' } });
    expect(missing.body.detail).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is for operators only: a city admin and a member are refused', async () => {
    const member = await signedUp();
    for (const user of ['gz-admin', member]) {
      expect((await call('GET', '/payouts/batches', { user })).status).toBe(403);
      expect((await call('GET', '/payouts/batches/PB20260101NOSUCHBATCH', { user })).status).toBe(403);
    }
  });
});
