/**
 * The environment a function is given, derived from its manifest entry. CDK passes real names
 * and ARNs; the local runtime passes local names, endpoints and secret values. Because both call
 * this, a function that forgot to declare a table fails the same way in both worlds.
 */
import { bucketEnvVar, queueEnvVar, tableEnvVar } from './resources';
import { settingVariables, tablesOf, type FunctionSpec, type Setting, type System } from './system';

export interface ResourceResolver {
  tableName(table: string): string;
  queueUrl(queue: string): string;
  bucketName(bucket: string): string;
  /** The variable and value that give the function this secret. */
  secret(name: string): [variable: string, value: string];
}

export const SERVICE_NAME = 'union-benefits';
export const METRICS_NAMESPACE = 'UnionBenefits';

export function environmentOf(
  spec: FunctionSpec,
  system: System,
  resolve: ResourceResolver,
  base: { stage: string; logLevel?: string; corsOrigins: string; settings?: Partial<Record<Setting, string>> },
): Record<string, string> {
  const env: Record<string, string> = {
    STAGE: base.stage,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: base.logLevel ?? 'INFO',
    CORS_ALLOWED_ORIGINS: base.corsOrigins,
  };
  for (const table of Object.keys(tablesOf(spec))) env[tableEnvVar(table)] = resolve.tableName(table);
  const queues = new Set(spec.sendsTo ?? []);
  if (spec.trigger.kind === 'queue') queues.add(spec.trigger.queue);
  for (const queue of queues) env[queueEnvVar(queue)] = resolve.queueUrl(queue);
  for (const bucket of Object.keys(spec.buckets ?? {})) env[bucketEnvVar(bucket)] = resolve.bucketName(bucket);
  for (const setting of spec.settings ?? []) {
    // An unset optional setting (no identity provider in dev) is left out, not passed empty.
    const value = base.settings?.[setting];
    if (value !== undefined && value !== '') env[settingVariables[setting]] = value;
  }
  for (const secret of spec.secrets ?? []) {
    if (!(secret in system.secrets)) throw new Error(`Unknown secret ${secret}`);
    const [variable, value] = resolve.secret(secret);
    env[variable] = value;
  }
  return env;
}
