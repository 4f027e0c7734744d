/** What differs between stages, chosen with `-c stage=dev|prod`. Everything else is the same. */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { FunctionName } from '../shared/manifest';

export type Stage = 'dev' | 'prod';

/** API Gateway's token bucket: steady requests per second and the most at once. */
export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * The WAF in front of the API (prod): AWS WAF cannot be associated with an HTTP API, so it sits on
 * a CloudFront distribution in front of it (infra/edge-stack.ts, docs/operations.md#waf).
 */
export interface EdgeFirewallConfig {
  /** Requests one client IP may make in any 5 minutes before WAF blocks it (403) until it slows down. */
  requestsPer5MinutesPerIp: number;
}

export interface StageConfig {
  logRetention: RetentionDays;
  logLevel: 'DEBUG' | 'INFO' | 'WARN';
  /** Browser origins allowed by CORS (the mobile apps do not need CORS). */
  corsOrigins: string;
  /** API Gateway stage throttle: steady requests per second and burst, for every route not listed in `routeThrottles`. */
  throttle: Throttle;
  /**
   * Route-level throttles, by the manifest's function name (its route key follows from its entry,
   * so it cannot drift from the route). A route's burst stays within its function's reserved
   * concurrency, and rate × duration well within it: a Lambda throttle would reach callers as a bare
   * 500 (docs/capacity.md), API Gateway's own 429 is an answer the apps retry. Table and how to
   * change it: docs/operations.md#throttling.
   */
  routeThrottles: Partial<Record<FunctionName, Throttle>>;
  /** A CloudFront distribution with a WAF web ACL in front of the API; unset: callers reach API Gateway directly. */
  edgeFirewall?: EdgeFirewallConfig;
  /**
   * The real-name provider's verification endpoint (its API key lives in the identityProvider
   * secret). Unset in dev: only the GB 11643 check runs. Required where `requiresIdentityProvider`:
   * given here or with `-c identityProviderUrl=https://…`, else the stage does not synthesise.
   */
  identityProviderUrl?: string;
  /** A stage whose members' real names must be checked by the provider, never by the check digit alone. */
  requiresIdentityProvider: boolean;
  /** The payment provider's API (WeChat Pay v3) and the most a merchant account may pay out a day, in fen. */
  paymentProviderUrl: string;
  payoutDailyBudgetFen: number;
  /**
   * The public randomness beacon the draws and lotteries mix in: a drand HTTP relay and the chain
   * it must serve, pinned (a relay serving anything else, or a round that does not verify against
   * this key, is refused). Both stages use drand's quicknet (scheme bls-unchained-g1-rfc9380).
   */
  beacon: { url: string; chainHash: string; publicKey: string; genesisTime: number; periodSeconds: number };
}

/** drand quicknet, run by the League of Entropy (https://drand.love): 3-second rounds since 2023-08-23. */
export const drandQuicknet = {
  url: 'https://api.drand.sh',
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  genesisTime: 1692803367,
  periodSeconds: 3,
} as const;

export const stages: Record<Stage, StageConfig> = {
  dev: {
    logRetention: RetentionDays.ONE_MONTH,
    logLevel: 'DEBUG',
    corsOrigins: '*',
    throttle: { rateLimit: 500, burstLimit: 1000 },
    routeThrottles: {
      couponClaim: { rateLimit: 200, burstLimit: 100 },
      activitySignUp: { rateLimit: 100, burstLimit: 50 },
      drawEnter: { rateLimit: 100, burstLimit: 100 },
      identityVerify: { rateLimit: 5, burstLimit: 10 },
      claimFile: { rateLimit: 20, burstLimit: 40 },
      claimDocumentsAdd: { rateLimit: 20, burstLimit: 40 },
      memberRegister: { rateLimit: 20, burstLimit: 40 },
      drawCommit: { rateLimit: 2, burstLimit: 5 },
      drawRun: { rateLimit: 2, burstLimit: 5 },
      lotteryCommit: { rateLimit: 2, burstLimit: 5 },
      lotteryDraw: { rateLimit: 2, burstLimit: 5 },
    },
    requiresIdentityProvider: false,
    paymentProviderUrl: 'https://api.mch.weixin.qq.com',
    payoutDailyBudgetFen: 10_000_000,
    beacon: drandQuicknet,
  },
  prod: {
    logRetention: RetentionDays.ONE_YEAR,
    logLevel: 'INFO',
    corsOrigins: 'https://app.union-benefits.example',
    throttle: { rateLimit: 10_000, burstLimit: 20_000 },
    routeThrottles: {
      // The 10:00 rush: ~8,000/s at ~40 ms is ~320 executions of the 400 reserved; the burst no more
      // than those 400, and 2,000/s of the stage left for everything else members do meanwhile.
      couponClaim: { rateLimit: 8_000, burstLimit: 400 },
      // 50 reserved executions; a sign-up takes ~50 ms.
      activitySignUp: { rateLimit: 800, burstLimit: 50 },
      // A prize draw's opening minutes.
      drawEnter: { rateLimit: 2_000, burstLimit: 1_000 },
      // Each one is a paid call to the real-name provider.
      identityVerify: { rateLimit: 50, burstLimit: 100 },
      // Uploads: each presigns S3 writes of members' documents.
      claimFile: { rateLimit: 200, burstLimit: 400 },
      claimDocumentsAdd: { rateLimit: 200, burstLimit: 400 },
      // Sign-ups are where scripted abuse starts.
      memberRegister: { rateLimit: 200, burstLimit: 400 },
      // Operators' draws: each fetches and verifies a beacon round; a handful a day.
      drawCommit: { rateLimit: 5, burstLimit: 10 },
      drawRun: { rateLimit: 5, burstLimit: 10 },
      lotteryCommit: { rateLimit: 5, burstLimit: 10 },
      lotteryDraw: { rateLimit: 5, burstLimit: 10 },
    },
    edgeFirewall: { requestsPer5MinutesPerIp: 6_000 },
    requiresIdentityProvider: true,
    paymentProviderUrl: 'https://api.mch.weixin.qq.com',
    payoutDailyBudgetFen: 500_000_000,
    beacon: drandQuicknet,
  },
};

export function stageFrom(value: unknown): Stage {
  if (value === 'dev' || value === 'prod') return value;
  throw new Error(`Unknown stage "${String(value)}": pass -c stage=dev or -c stage=prod`);
}

/**
 * The stage's configuration with what `cdk -c` adds (`identityProviderUrl`). Refuses a stage that
 * requires the real-name provider when a function would run without it: "verified" must never
 * silently mean "the check digit is right".
 */
export function resolveStage(stageName: Stage, context: { identityProviderUrl?: unknown }, needsIdentityProvider: boolean): StageConfig {
  const base = stages[stageName];
  const fromContext = typeof context.identityProviderUrl === 'string' && context.identityProviderUrl !== '' ? context.identityProviderUrl : undefined;
  const identityProviderUrl = fromContext ?? base.identityProviderUrl;
  if (identityProviderUrl !== undefined && !/^https:\/\/[^\s/]+/.test(identityProviderUrl)) {
    throw new Error(`identityProviderUrl "${identityProviderUrl}" is not an https:// URL`);
  }
  if (base.requiresIdentityProvider && needsIdentityProvider && !identityProviderUrl) {
    throw new Error(
      `The ${stageName} stage needs the real-name provider's URL: pass -c identityProviderUrl=https://… to cdk ` +
        `(or set identityProviderUrl for ${stageName} in infra/stages.ts), and put its API key in the identityProvider secret. ` +
        'Without it, real-name verification would check only the ID number\'s check digit.',
    );
  }
  return { ...base, identityProviderUrl };
}
