/**
 * The real-name verifier: the provider's HTTPS API when IDENTITY_VERIFIER_URL is set (its key from
 * Secrets Manager, or IDENTITY_PROVIDER_KEY locally), else the GB 11643 check alone.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigurationError, optionalUrl } from '../config';
import { HttpsIdentityVerifier, LocalIdentityVerifier, type IdentityVerifier } from '../identity/identity-verifier';

const url = optionalUrl('IDENTITY_VERIFIER_URL');

export const identityVerifier: IdentityVerifier = url
  ? new HttpsIdentityVerifier(url, async () => {
      if (process.env.IDENTITY_PROVIDER_KEY) return process.env.IDENTITY_PROVIDER_KEY;
      const arn = process.env.IDENTITY_PROVIDER_KEY_SECRET_ARN;
      if (!arn) throw new ConfigurationError('Invalid configuration: IDENTITY_PROVIDER_KEY_SECRET_ARN is not set');
      return String(await getSecret(arn, { maxAge: 3600 }));
    })
  : new LocalIdentityVerifier();
