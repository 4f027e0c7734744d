/**
 * Configuration is read from the environment once, when a module loads: a missing or malformed
 * variable stops the function's cold start with the variable's name, instead of failing some
 * request later. The variables themselves come from the function's manifest entry
 * (shared/wiring.ts), so a function can only read what its entry declares.
 */
import { bucketEnvVar, queueEnvVar, tableEnvVar } from './resources';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** A variable that must be set. */
export function requiredEnv(variable: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[variable];
  if (!value) throw new ConfigurationError(`Invalid configuration: ${variable} is not set`);
  return value;
}

/** A variable that must be set to an absolute URL. */
export function requiredUrl(variable: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = requiredEnv(variable, env);
  if (!URL.canParse(value)) throw new ConfigurationError(`Invalid configuration: ${variable} is not a URL`);
  return value;
}

/** A variable that may be unset; when set it must be an absolute URL. */
export function optionalUrl(variable: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[variable];
  return value === undefined || value === '' ? undefined : requiredUrl(variable, env);
}

/** A variable that must be set to a whole number. */
export function integerEnv(variable: string, env: NodeJS.ProcessEnv = process.env): number {
  const value = requiredEnv(variable, env);
  if (!/^\d+$/.test(value)) throw new ConfigurationError(`Invalid configuration: ${variable} must be a whole number`);
  return Number(value);
}

/** The physical name of one of the system's tables, from the variable the wiring sets. */
export const tableName = (table: string, env: NodeJS.ProcessEnv = process.env): string => requiredEnv(tableEnvVar(table), env);

/** The URL of one of the system's queues. */
export const queueUrl = (queue: string, env: NodeJS.ProcessEnv = process.env): string => requiredEnv(queueEnvVar(queue), env);

/** The physical name of one of the system's buckets. */
export const bucketName = (bucket: string, env: NodeJS.ProcessEnv = process.env): string => requiredEnv(bucketEnvVar(bucket), env);
