/**
 * Route-level throttles (infra/stages.ts `routeThrottles`) as the `$default` stage's RouteSettings:
 * each named function's route key (`POST /campaigns/{campaignId}/claims`) follows from its entry
 * in the manifest, never from a string typed twice.
 */
import type { FunctionSpec, System } from '../shared/system';
import type { Throttle } from './stages';

/** `METHOD /path` of an HTTP entry, as API Gateway keys its routes (and RouteSettings). */
export function routeKeyOf(name: string, spec: FunctionSpec | undefined): string {
  if (!spec) throw new Error(`Route throttle for "${name}": no such function in the manifest`);
  if (spec.trigger.kind !== 'http') throw new Error(`Route throttle for "${name}": it is not a route (its trigger is ${spec.trigger.kind})`);
  return `${spec.trigger.method} ${spec.trigger.path}`;
}

/**
 * The throttles by route key, for the routes `system` has. A name the system does not hold is
 * left out (a test's smaller system); the full manifest holds every name, which the type of
 * `routeThrottles` and test/infra/guard-rails.test.ts both check. A name that is not a route fails.
 */
export function routeThrottlesByKey(system: System, throttles: Partial<Record<string, Throttle>>): Record<string, Throttle> {
  const byKey: Record<string, Throttle> = {};
  for (const [name, throttle] of Object.entries(throttles)) {
    if (!throttle || !(name in system.functions)) continue;
    byKey[routeKeyOf(name, system.functions[name])] = throttle;
  }
  return byKey;
}

/** The stage's RouteSettings property (CloudFormation's shape). */
export function routeSettings(byKey: Record<string, Throttle>) {
  return Object.fromEntries(
    Object.entries(byKey).map(([key, { rateLimit, burstLimit }]) => [key, { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit }]),
  );
}
