/**
 * The DynamoDB and SQS adapters behind the domain's ports, built on first use per container
 * (so a function only needs the configuration of what it really uses).
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DynamoAccountStore } from './accounts/account-store-dynamodb';
import { documents, s3, sqs } from './aws/clients';
import { DynamoClaimStore } from './claims/claim-store-dynamodb';
import { S3DocumentUploads } from './claims/document-uploads-s3';
import { ConfigurationError, tableName } from './config';
import { DynamoCouponStore } from './coupons/coupon-store-dynamodb';
import { DynamoPayoutStore } from './payouts/payout-store-dynamodb';
import { WeChatPayProvider } from './payouts/wechat-pay-provider';
import type { MerchantCredentials } from './payouts/wechat-pay-signing';
import { DynamoSubsidyStore } from './subsidies/subsidy-store-dynamodb';
import { DynamoIdentityStore } from './identity/identity-store-dynamodb';
import { HttpsIdentityVerifier, LocalIdentityVerifier, type IdentityVerifier } from './identity/identity-verifier';
import { DynamoPolicyStore } from './gig-workers/policy-store-dynamodb';
import { DynamoMembershipStore } from './members/membership-store-dynamodb';
import type { QueueSubtreeMove } from './organisations/organisation-move';
import { DynamoOrganisationStore } from './organisations/organisation-store-dynamodb';
import { bucketEnvVar, queueEnvVar, tableEnvVar } from './resources';

const once = <T>(create: () => T) => {
  let value: T | undefined;
  return () => (value ??= create());
};

export const accountStore = once(() => new DynamoAccountStore(documents, tableName('accounts')));
export const organisationStore = once(() => new DynamoOrganisationStore(documents, tableName('organisations')));
export const membershipStore = once(
  () => new DynamoMembershipStore(documents, { accounts: tableName('accounts'), organisations: tableName('organisations') }),
);
export const policyStore = once(() => new DynamoPolicyStore(documents, tableName('accounts')));
export const claimStore = once(
  () =>
    new DynamoClaimStore(documents, {
      claims: tableName('claims'),
      accounts: tableName('accounts'),
      payouts: process.env[tableEnvVar('payouts')] ? tableName('payouts') : undefined,
    }),
);
export const documentUploads = once(() => {
  const bucket = process.env[bucketEnvVar('memberDocuments')];
  if (!bucket) throw new ConfigurationError(`Invalid configuration: ${bucketEnvVar('memberDocuments')} is not set`);
  return new S3DocumentUploads(s3, bucket);
});
export const couponStore = once(() => new DynamoCouponStore(documents, tableName('coupons')));
export const subsidyStore = once(
  () => new DynamoSubsidyStore(documents, tableName('subsidies'), process.env[tableEnvVar('payouts')] ? tableName('payouts') : undefined),
);
export const identityStore = once(() => new DynamoIdentityStore(documents, tableName('accounts')));

/** The provider's HTTPS API when IDENTITY_VERIFIER_URL is set, else the GB 11643 check alone. */
export const identityVerifier = once((): IdentityVerifier => {
  const url = process.env.IDENTITY_VERIFIER_URL;
  if (!url) return new LocalIdentityVerifier();
  return new HttpsIdentityVerifier(url, async () => {
    if (process.env.IDENTITY_PROVIDER_KEY) return process.env.IDENTITY_PROVIDER_KEY;
    const arn = process.env.IDENTITY_PROVIDER_KEY_SECRET_ARN;
    if (!arn) throw new ConfigurationError('Invalid configuration: IDENTITY_PROVIDER_KEY_SECRET_ARN is not set');
    return String(await getSecret(arn, { maxAge: 3600 }));
  });
});

export const payoutStore = once(() => new DynamoPayoutStore(documents, tableName('payouts')));

/** WeChat Pay v3 at PAYMENT_PROVIDER_URL (locally, the local provider), with the merchant's credentials. */
export const paymentProvider = once(() => {
  const url = process.env.PAYMENT_PROVIDER_URL;
  if (!url) throw new ConfigurationError('Invalid configuration: PAYMENT_PROVIDER_URL is not set');
  let credentials: Promise<MerchantCredentials> | undefined;
  return new WeChatPayProvider(url, () =>
    (credentials ??= (async () => {
      if (process.env.PAYMENT_MERCHANT) return JSON.parse(process.env.PAYMENT_MERCHANT) as MerchantCredentials;
      const arn = process.env.PAYMENT_MERCHANT_SECRET_ARN;
      if (!arn) throw new ConfigurationError('Invalid configuration: PAYMENT_MERCHANT_SECRET_ARN is not set');
      return JSON.parse(String(await getSecret(arn, { maxAge: 3600 }))) as MerchantCredentials;
    })()),
  );
});

export const sendPayoutBatch = async (batchNo: string) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('payoutBatches'), MessageBody: JSON.stringify({ batchNo }) }));
};

function queueUrl(queue: string): string {
  const url = process.env[queueEnvVar(queue)];
  if (!url) throw new ConfigurationError(`Invalid configuration: ${queueEnvVar(queue)} is not set`);
  return url;
}

export const queueSubtreeMove: QueueSubtreeMove = async (move) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl('subtreeMoves'), MessageBody: JSON.stringify(move) }));
};

/** The claim use cases' dependencies; each adapter is built only if the use case touches it. */
export const claimDependencies = () => ({
  get claims() {
    return claimStore();
  },
  get uploads() {
    return documentUploads();
  },
  get orgs() {
    return organisationStore();
  },
});

export const subsidyDependencies = () => ({
  get subsidies() {
    return subsidyStore();
  },
  get uploads() {
    return documentUploads();
  },
  get orgs() {
    return organisationStore();
  },
});
