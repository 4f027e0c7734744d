/**
 * Keyed hashing of personal identifiers. A phone or ID number is stored only as an HMAC under a
 * secret key (so equal numbers can be matched without keeping the number) beside a masked form
 * for display. The key comes from Secrets Manager when deployed, or PII_HASH_KEY locally.
 */
import { createHmac } from 'node:crypto';
import { secretKey } from '../aws/secret-key';

// The key never rotates on its own: a new key would orphan every stored hash.
const piiHashKey = secretKey({ local: 'PII_HASH_KEY', arn: 'PII_HASH_KEY_SECRET_ARN' }, 'PII hash key');

export type PiiKind = 'phone' | 'id-number';

/** The port the domain hashes personal identifiers through. */
export type HashPii = (kind: PiiKind, value: string) => Promise<string>;

/** HMAC-SHA256 of a normalised identifier under `key`, domain-separated by kind. */
export const hmacPii = (key: string, kind: PiiKind, value: string): string =>
  createHmac('sha256', key).update(`${kind}:${value.trim().toUpperCase()}`).digest('hex');

/** The configured hasher: the key from Secrets Manager (cached), or PII_HASH_KEY locally. */
export const hashPii: HashPii = async (kind, value) => hmacPii(await piiHashKey(), kind, value);
