/**
 * The local WeChat Pay provider in integration tests: one merchant's and the platform's keys, the
 * merchant's credentials, the provider started with them, and a batch waited for until it settles.
 */
import { rsaKeyPair, startLocalPaymentProvider, type ProviderFaults } from '../../local/payment-provider';
import { WeChatPayProvider } from '../../shared/payouts/wechat-pay-provider';

export const merchant = rsaKeyPair();
export const platform = rsaKeyPair();

export const credentials = async () => ({
  merchantId: '1900000001',
  appId: 'wx-union-benefits',
  certificateSerial: 'LOCAL-SERIAL',
  privateKeyPem: merchant.privateKeyPem,
  platformPublicKeyPem: platform.publicKeyPem,
});

/** The local provider, holding the merchant's public key and the platform's private key. */
export const startProvider = (options: { faults?: Partial<ProviderFaults>; ledgerFile?: string } = {}) =>
  startLocalPaymentProvider({ merchantPublicKeyPem: merchant.publicKeyPem, platformPrivateKeyPem: platform.privateKeyPem, ...options });

/** The merchant's client of the provider at `url`. */
export const payingClient = (url: string, timeoutMs?: number) => new WeChatPayProvider(url, credentials, timeoutMs);

/** The batch once every item has settled, asking the provider again until then (≤ 5 s). */
export async function settled(client: WeChatPayProvider, batchNo: string) {
  for (let waited = 0; waited < 5_000; waited += 20) {
    const state = await client.query(batchNo);
    if (state?.status === 'finished') return state;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`batch ${batchNo} never settled`);
}
