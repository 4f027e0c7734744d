/**
 * WeChat Pay v3 at PAYMENT_PROVIDER_URL (locally, the local provider), with the merchant's
 * credentials from Secrets Manager (PAYMENT_MERCHANT locally), read on first use and cached.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigurationError, requiredEnv } from '../config';
import { WeChatPayProvider } from '../payouts/wechat-pay-provider';
import type { MerchantCredentials } from '../payouts/wechat-pay-signing';

let credentials: Promise<MerchantCredentials> | undefined;

async function merchantCredentials(): Promise<MerchantCredentials> {
  if (process.env.PAYMENT_MERCHANT) return JSON.parse(process.env.PAYMENT_MERCHANT) as MerchantCredentials;
  const arn = process.env.PAYMENT_MERCHANT_SECRET_ARN;
  if (!arn) throw new ConfigurationError('Invalid configuration: PAYMENT_MERCHANT_SECRET_ARN is not set');
  return JSON.parse(String(await getSecret(arn, { maxAge: 3600 }))) as MerchantCredentials;
}

export const paymentProvider = new WeChatPayProvider(requiredEnv('PAYMENT_PROVIDER_URL'), () => (credentials ??= merchantCredentials()));
