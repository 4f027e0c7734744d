/**
 * A signing or hashing key held as a secret: from Secrets Manager when deployed (read once and
 * cached an hour, again after a failed read), or its value itself locally (there is no Secrets
 * Manager). Shorter than 32 characters is refused, naming the variable.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigurationError } from '../config';

export function secretKey(variables: { local: string; arn: string }, what: string): () => Promise<string> {
  let cached: Promise<string> | undefined;
  const load = async (): Promise<string> => {
    const localKey = process.env[variables.local];
    if (localKey) {
      if (localKey.length < 32) throw new ConfigurationError(`Invalid configuration: ${variables.local} is shorter than 32 characters`);
      return localKey;
    }
    const secretArn = process.env[variables.arn];
    if (!secretArn) throw new ConfigurationError(`Invalid configuration: set ${variables.arn} (or ${variables.local} locally)`);
    const key = await getSecret(secretArn, { maxAge: 3600 });
    if (typeof key !== 'string' || key.length < 32) throw new ConfigurationError(`The ${what} secret is too short`);
    return key;
  };
  return () => {
    cached ??= load().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
