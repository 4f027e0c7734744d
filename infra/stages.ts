/** What differs between stages, chosen with `-c stage=dev|prod`. Everything else is the same. */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export type Stage = 'dev' | 'prod';

export interface StageConfig {
  logRetention: RetentionDays;
  logLevel: 'DEBUG' | 'INFO' | 'WARN';
  /** Browser origins allowed by CORS (the mobile apps do not need CORS). */
  corsOrigins: string;
  /** API Gateway stage throttle: steady requests per second and burst. */
  throttle: { rateLimit: number; burstLimit: number };
  /**
   * The real-name provider's verification endpoint. Unset: only the GB 11643 check runs (dev).
   * Set it for prod before go-live; its API key lives in the identityProvider secret.
   */
  identityProviderUrl?: string;
  /** The payment provider's API (WeChat Pay v3) and the most a merchant account may pay out a day, in fen. */
  paymentProviderUrl: string;
  payoutDailyBudgetFen: number;
}

export const stages: Record<Stage, StageConfig> = {
  dev: {
    logRetention: RetentionDays.ONE_MONTH,
    logLevel: 'DEBUG',
    corsOrigins: '*',
    throttle: { rateLimit: 500, burstLimit: 1000 },
    paymentProviderUrl: 'https://api.mch.weixin.qq.com',
    payoutDailyBudgetFen: 10_000_000,
  },
  prod: {
    logRetention: RetentionDays.ONE_YEAR,
    logLevel: 'INFO',
    corsOrigins: 'https://app.union-benefits.example',
    throttle: { rateLimit: 10_000, burstLimit: 20_000 },
    paymentProviderUrl: 'https://api.mch.weixin.qq.com',
    payoutDailyBudgetFen: 500_000_000,
  },
};

export function stageFrom(value: unknown): Stage {
  if (value === 'dev' || value === 'prod') return value;
  throw new Error(`Unknown stage "${String(value)}": pass -c stage=dev or -c stage=prod`);
}
