/**
 * Check-in codes signed under the activityCheckInKey secret: from Secrets Manager when deployed
 * (cached), or ACTIVITY_CHECK_IN_KEY locally.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { checkInCodesWith } from '../activities/check-in-code';
import { ConfigurationError } from '../config';

let cachedKey: Promise<string> | undefined;

async function loadKey(): Promise<string> {
  const { ACTIVITY_CHECK_IN_KEY: localKey, ACTIVITY_CHECK_IN_KEY_SECRET_ARN: secretArn } = process.env;
  if (localKey) {
    if (localKey.length < 32) throw new ConfigurationError('Invalid configuration: ACTIVITY_CHECK_IN_KEY is shorter than 32 characters');
    return localKey;
  }
  if (!secretArn) throw new ConfigurationError('Invalid configuration: set ACTIVITY_CHECK_IN_KEY_SECRET_ARN (or ACTIVITY_CHECK_IN_KEY locally)');
  const key = await getSecret(secretArn, { maxAge: 3600 });
  if (typeof key !== 'string' || key.length < 32) throw new ConfigurationError('The activity check-in key secret is too short');
  return key;
}

export const checkInCodes = checkInCodesWith(() => {
  cachedKey ??= loadKey().catch((error: unknown) => {
    cachedKey = undefined;
    throw error;
  });
  return cachedKey;
});
