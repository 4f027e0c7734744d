/**
 * The fault layer: with FAULTS set (the local runtime alone sets it, for the fault tests; infra
 * never does), every DynamoDB and SQS call of a function may be throttled, time out or fail, as
 * the real services sometimes do. It is SDK middleware on the client's send, inside the SDK's
 * own retries, so the SDK retries a fault as it would the real error and the business code sees
 * only what survives them — nothing in the domain is mocked.
 *
 *   FAULTS='{"seed":7,"dynamodb":{"throttle":0.1,"timeout":0.05,"fail":0.05},"sqs":{"fail":0.05}}'
 *
 * - throttle: refused before it is applied (DynamoDB's ProvisionedThroughputExceededException,
 *   SQS's ThrottlingException, HTTP 400);
 * - fail: refused before it is applied with a 500 (InternalServerError / InternalError);
 * - timeout: sent and applied, then the answer is lost (TimeoutError): the caller cannot tell
 *   whether it happened, the hardest case — a retry repeats a write that was made.
 *
 * Decisions come from a generator seeded by `seed`, the function's name and the service, so one
 * container's n-th call meets the same fault on every run. Each fault injected is written as a
 * JSON log line (`"message":"fault injected"`) the tests count. Unset, `withFaults` returns the
 * client as it is: no middleware, and this module imports nothing.
 */

export const FAULTS_VARIABLE = 'FAULTS';

export type FaultService = 'dynamodb' | 'sqs';
export type FaultKind = 'throttle' | 'timeout' | 'fail';

/** Shares of calls (0–1) that meet each fault. */
export type FaultRates = Partial<Record<FaultKind, number>>;

export interface FaultPlan {
  seed?: number;
  dynamodb?: FaultRates;
  sqs?: FaultRates;
}

/** Parses and checks FAULTS; a malformed plan stops the cold start rather than running without faults. */
export function parseFaultPlan(text: string): FaultPlan {
  const plan = JSON.parse(text) as FaultPlan;
  for (const service of ['dynamodb', 'sqs'] as const) {
    const rates = plan[service] ?? {};
    const total = Object.values(rates).reduce((sum, rate) => sum + (rate ?? 0), 0);
    for (const [kind, rate] of Object.entries(rates)) {
      if (!['throttle', 'timeout', 'fail'].includes(kind) || typeof rate !== 'number' || rate < 0 || rate > 1) {
        throw new Error(`${FAULTS_VARIABLE}: ${service}.${kind} must be throttle, timeout or fail with a share from 0 to 1`);
      }
    }
    if (total > 1) throw new Error(`${FAULTS_VARIABLE}: ${service}'s shares add up to more than 1`);
  }
  return plan;
}

/** mulberry32: small, fast and good enough to pick faults reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a string (FNV-1a), to mix the function's name into the seed. */
const hash = (text: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/** The fault a call meets, if any: each kind owns a slice of [0, 1). */
export function pickFault(rates: FaultRates, roll: number): FaultKind | undefined {
  let upTo = 0;
  for (const kind of ['throttle', 'fail', 'timeout'] as const) {
    upTo += rates[kind] ?? 0;
    if (roll < upTo) return kind;
  }
  return undefined;
}

/** The error the real service (or the SDK's HTTP handler) gives, as the SDK's retry rules classify it. */
export function faultError(service: FaultService, kind: FaultKind, command: string): Error {
  const names: Record<FaultKind, [name: string, status: number | undefined, fault: 'client' | 'server']> = {
    throttle: [service === 'dynamodb' ? 'ProvisionedThroughputExceededException' : 'ThrottlingException', 400, 'client'],
    fail: [service === 'dynamodb' ? 'InternalServerError' : 'InternalError', 500, 'server'],
    timeout: ['TimeoutError', undefined, 'client'],
  };
  const [name, httpStatusCode, fault] = names[kind];
  const error = new Error(`${command}: ${kind} (fault injected)`);
  return Object.assign(error, { name, $fault: fault, $metadata: httpStatusCode ? { httpStatusCode } : {} });
}

interface MiddlewareClient {
  middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
}

type Next = (args: unknown) => Promise<unknown>;

/** Adds the fault middleware to `client` when FAULTS names faults for `service`; otherwise leaves it alone. */
export function withFaults<C extends MiddlewareClient>(client: C, service: FaultService, env: NodeJS.ProcessEnv = process.env): C {
  const text = env[FAULTS_VARIABLE];
  if (!text) return client;
  const plan = parseFaultPlan(text);
  const rates = plan[service];
  if (!rates || Object.values(rates).every((rate) => !rate)) return client;
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
  const random = seededRandom((plan.seed ?? 1) ^ hash(`${functionName}/${service}`));
  client.middlewareStack.add(
    (next: Next, context: { commandName?: string }) => async (args: unknown) => {
      const command = context.commandName ?? 'command';
      const kind = pickFault(rates, random());
      if (!kind) return next(args);
      process.stdout.write(`${JSON.stringify({ level: 'WARN', message: 'fault injected', service, kind, command, function: functionName, timestamp: new Date().toISOString() })}\n`);
      // A timed-out call may well have been applied: it is sent, and its answer (success or refusal) is lost.
      if (kind === 'timeout') await next(args).catch(() => undefined);
      throw faultError(service, kind, command);
    },
    // The deserialize step runs inside finalizeRequest's retry middleware: each attempt meets its own roll.
    { step: 'deserialize', priority: 'high', name: 'faultInjection', tags: ['FAULTS'] },
  );
  return client;
}
