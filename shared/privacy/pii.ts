/**
 * Keyed hashing of personal identifiers. A phone or ID number is stored only as an HMAC under a
 * secret key (so equal numbers can be matched without keeping the number) beside a masked form
 * for display. The key comes from Secrets Manager when deployed, or PII_HASH_KEY locally.
 */
import { createHmac } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigurationError } from '../config';

let cachedKey: Promise<string> | undefined;

async function loadKey(): Promise<string> {
  const { PII_HASH_KEY: localKey, PII_HASH_KEY_SECRET_ARN: secretArn } = process.env;
  if (localKey) {
    if (localKey.length < 32) throw new ConfigurationError('Invalid configuration: PII_HASH_KEY is shorter than 32 characters');
    return localKey;
  }
  if (!secretArn) throw new ConfigurationError('Invalid configuration: set PII_HASH_KEY_SECRET_ARN (or PII_HASH_KEY locally)');
  // The key never rotates on its own: a new key would orphan every stored hash.
  const key = await getSecret(secretArn, { maxAge: 3600 });
  if (typeof key !== 'string' || key.length < 32) throw new ConfigurationError('The PII hash key secret is too short');
  return key;
}

export type PiiKind = 'phone' | 'id-number';

/** The port the domain hashes personal identifiers through. */
export type HashPii = (kind: PiiKind, value: string) => Promise<string>;

/** HMAC-SHA256 of a normalised identifier under `key`, domain-separated by kind. */
export const hmacPii = (key: string, kind: PiiKind, value: string): string =>
  createHmac('sha256', key).update(`${kind}:${value.trim().toUpperCase()}`).digest('hex');

/** The configured hasher: the key from Secrets Manager (cached), or PII_HASH_KEY locally. */
export const hashPii: HashPii = async (kind, value) => {
  cachedKey ??= loadKey().catch((error: unknown) => {
    cachedKey = undefined;
    throw error;
  });
  return hmacPii(await cachedKey, kind, value);
};
