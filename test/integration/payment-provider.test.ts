/**
 * The WeChat Pay v3 adapter against the local provider on loopback: signed requests and verified
 * answers, the same batch number is the same batch (so a resend after a lost answer pays once),
 * failed items are reported as failed, and a forged signature is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaKeyPair, type LocalPaymentProvider } from '../../local/payment-provider';
import { ProviderUnavailable, type TransferBatch } from '../../shared/payouts/payment-provider';
import { WeChatPayProvider } from '../../shared/payouts/wechat-pay-provider';
import { credentials, settled, startProvider } from '../support/payments';

let provider: LocalPaymentProvider;

const batch = (batchNo: string, items = 3): TransferBatch => ({
  batchNo,
  name: 'Education subsidy 2026',
  items: Array.from({ length: items }, (_, i) => ({ itemNo: `${batchNo}-I${i}`, recipient: `member-${i}`, amountFen: 100_000, remark: 'Education subsidy' })),
});

beforeAll(async () => {
  provider = await startProvider();
});
afterAll(() => provider.stop());

describe('WeChat Pay batch transfer, locally', () => {
  it('pays a batch once, however often it is sent', async () => {
    const client = new WeChatPayProvider(provider.url, credentials);
    const first = await client.submit(batch('B0001'));
    const again = await client.submit(batch('B0001'));
    expect(again.providerBatchId).toBe(first.providerBatchId);
    const state = await settled(client, 'B0001');
    expect(state.items.map((i) => i.outcome)).toEqual(['success', 'success', 'success']);
    expect(provider.ledger().paidFenByRecipient.get('member-0')).toBe(100_000);
  });

  it('after a lost answer, the same batch sent again is still one payment', async () => {
    const client = new WeChatPayProvider(provider.url, credentials, 1000);
    provider.setFaults({ lostResponseRate: 1 });
    await expect(client.submit(batch('B0002', 1))).rejects.toBeInstanceOf(ProviderUnavailable);
    provider.setFaults({ lostResponseRate: 0 });
    await client.submit(batch('B0002', 1));
    await settled(client, 'B0002');
    expect(provider.ledger().paidFenByRecipient.get('member-0')).toBe(200_000); // B0001 and B0002, nothing more
  });

  it('reports failed items, and refuses a reused item number in a new batch', async () => {
    const client = new WeChatPayProvider(provider.url, credentials);
    provider.setFaults({ itemFailureRate: 1 });
    await client.submit(batch('B0003', 2));
    expect((await settled(client, 'B0003')).items.map((i) => i.outcome)).toEqual(['fail', 'fail']);
    provider.setFaults({ itemFailureRate: 0 });
    const reused = { ...batch('B0004', 1), items: [{ ...batch('B0003', 1).items[0]! }] };
    await expect(client.submit(reused)).rejects.toThrow(/refused/);
  });

  it('treats 5xx and timeouts as "unknown, send the same again", and answers nothing to a forged signature', async () => {
    provider.setFaults({ serverErrorRate: 1 });
    await expect(new WeChatPayProvider(provider.url, credentials).submit(batch('B0005', 1))).rejects.toBeInstanceOf(ProviderUnavailable);
    provider.setFaults({ serverErrorRate: 0, timeoutRate: 1 });
    await expect(new WeChatPayProvider(provider.url, credentials, 300).query('B0001')).rejects.toBeInstanceOf(ProviderUnavailable);
    provider.setFaults({ timeoutRate: 0 });
    const forger = new WeChatPayProvider(provider.url, async () => ({ ...(await credentials()), privateKeyPem: rsaKeyPair().privateKeyPem }));
    await expect(forger.submit(batch('B0006', 1))).rejects.toThrow(/401/);
    expect(await new WeChatPayProvider(provider.url, credentials).query('B0006')).toBeUndefined();
  });
});
