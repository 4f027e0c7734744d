/**
 * Configuration is read from the environment once, at module load, and checked with zod: a
 * missing or malformed variable stops the function at cold start with the variable's name.
 */
import { z, type ZodRawShape } from 'zod';
import { tableEnvVar } from './resources';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function readConfig<Shape extends ZodRawShape>(
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<Shape>> {
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigurationError(`Invalid configuration: ${issues}`);
  }
  return parsed.data;
}

/** The physical name of one of the system's tables, from the variable the wiring sets. */
export function tableName(table: string, env: NodeJS.ProcessEnv = process.env): string {
  const variable = tableEnvVar(table);
  const value = env[variable];
  if (!value) throw new ConfigurationError(`Invalid configuration: ${variable} is not set`);
  return value;
}
