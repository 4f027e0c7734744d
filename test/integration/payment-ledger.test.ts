/**
 * The local payment provider with a ledger file remembers across a restart what it was sent, as a
 * real provider does: a batch paid before the restart is the same batch after it (a resend pays
 * nobody again), and items still processing when it stopped settle after it starts again.
 */
import { mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TransferBatch } from '../../shared/payouts/payment-provider';
import { payingClient, settled, startProvider } from '../support/payments';

const batch = (batchNo: string): TransferBatch => ({
  batchNo,
  name: 'Claims',
  items: [0, 1].map((i) => ({ itemNo: `${batchNo}-I${i}`, recipient: `member-${batchNo}-${i}`, amountFen: 5_000, remark: 'claim' })),
});
const start = (ledgerFile: string, settleMs: number) => startProvider({ ledgerFile, faults: { settleMs } });

describe('the local provider across a restart', () => {
  it('pays a batch once, before and after, and settles what was still processing', async () => {
    const ledgerFile = path.join(mkdtempSync(path.join(tmpdir(), 'union-benefits-ledger-')), 'payment-provider.jsonl');
    const before = await start(ledgerFile, 10);
    await payingClient(before.url).submit(batch('PB1'));
    await settled(payingClient(before.url), 'PB1');
    const paidBefore = before.ledger();
    expect(paidBefore.successfulDetails).toBe(2);
    before.setFaults({ settleMs: 60_000 }); // PB2 is taken but still processing when it stops
    await payingClient(before.url).submit(batch('PB2'));
    await before.stop();
    appendFileSync(ledgerFile, '{"settled":{"out_batch_no":"PB2"'); // a line cut short by a kill

    const after = await start(ledgerFile, 10);
    const client = payingClient(after.url);
    expect((await client.query('PB1'))?.items.map((item) => item.outcome)).toEqual(['success', 'success']);
    await client.submit(batch('PB1')); // the worker's message delivered again
    expect((await settled(client, 'PB2')).status).toBe('finished');
    const ledger = after.ledger();
    expect(ledger.batchIds.get('PB1')).toBe(paidBefore.batchIds.get('PB1'));
    expect(ledger.batches).toBe(2);
    expect(ledger.successfulDetails).toBe(4);
    expect([...ledger.paidFenByRecipient.values()]).toEqual([5_000, 5_000, 5_000, 5_000]);
    await after.stop();

    // What it recorded after the cut-short line is read back too (nothing is left processing).
    const again = await start(ledgerFile, 60_000);
    expect(again.ledger().successfulDetails).toBe(4);
    await again.stop();
  });
});
