/**
 * The shape of the wiring manifest: every function with its trigger, tables and queues. The CDK
 * stack and the local runtime both take a `System` and nothing else, which is what keeps the
 * deployed and the local system the same.
 */
import type { $ZodType as ZodType } from 'zod/v4/core';
import type { BucketDefinition, QueueDefinition, SecretDefinition, TableDefinition } from './resources';

export type Role = 'member' | 'admin' | 'operator' | 'merchant';

/** Who may call a route: nobody signed in, anyone with a valid token, or holders of listed roles. */
export type RouteAccess = 'public' | 'signed-in' | { roles: Role[] };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseSpec {
  description: string;
  schema?: ZodType;
}

export interface HttpTrigger {
  kind: 'http';
  method: HttpMethod;
  /** API Gateway path syntax: `/unions/{unionId}/members`. */
  path: string;
  access: RouteAccess;
  summary: string;
  tag: string;
  request?: { body?: ZodType; query?: ZodType; params?: ZodType };
  /** Success responses by status. */
  responses: Record<number, ResponseSpec>;
  /** Problem codes (with their status) this route may answer with, beyond the ones every route shares. */
  errors?: Record<string, number>;
  /**
   * How a mutating route honours `Idempotency-Key`. 'stored' (the default): the first answer is
   * stored and replayed (Powertools idempotency). 'natural': the operation is idempotent by itself
   * (a repeat finds what the first did and answers with it), so the key is checked but nothing is
   * stored — one write less on the hottest paths.
   */
  idempotency?: 'stored' | 'natural';
  /**
   * Where the route's roles are enforced. 'request' (the default): the request path reads the
   * caller's account and checks the roles before the handler runs. 'write': the handler's own
   * write is conditional on the caller's profile (a coupon claim is one transaction with a
   * condition on it), so the request path reads nothing first; the handler gets only the caller's
   * id, and reads the account only to explain a refusal.
   */
  rolesCheckedBy?: 'request' | 'write';
}

/** EventBridge Scheduler cron fields (minute hour day month weekDay year), as CDK names them. */
export interface CronFields {
  minute?: string;
  hour?: string;
  day?: string;
  month?: string;
  weekDay?: string;
  year?: string;
}

export interface ScheduleTrigger {
  kind: 'schedule';
  cron: CronFields;
  timeZone: 'Asia/Shanghai';
  description: string;
  /** Extra fields merged into the event; `scheduledTime` is always added. */
  input?: Record<string, string | number | boolean>;
}

export interface QueueTrigger {
  kind: 'queue';
  queue: string;
  batchSize: number;
  maxBatchingWindowSeconds?: number;
}

/**
 * The API's `$default` route: what no route matches (an unknown path, or a known path with a
 * method it does not take) reaches this function, deployed and local alike. Public: no token.
 */
export interface FallbackTrigger {
  kind: 'fallback';
}

/**
 * DynamoDB streams of the listed tables (each must declare `stream`), read from the oldest record
 * (TRIM_HORIZON) in batches, as Lambda's event source mapping does: a batch that throws is retried
 * (halved each time: `bisectBatchOnError`), a reported `batchItemFailures` entry is retried from
 * that record, and after `retryAttempts` the batch's description goes to `onFailure` (a queue).
 * The function must be idempotent: a batch may be delivered again.
 */
export interface StreamTrigger {
  kind: 'stream';
  tables: string[];
  batchSize: number;
  maxBatchingWindowSeconds?: number;
  retryAttempts: number;
  /** Queue that receives what failed after every retry. */
  onFailure: string;
}

/**
 * No trigger: an operator's job, run by hand (`npm run schedule -- <name>` on the local runtime,
 * `aws lambda invoke` deployed) with the event it documents.
 */
export interface ManualTrigger {
  kind: 'manual';
  description: string;
}

export type Trigger = HttpTrigger | ScheduleTrigger | QueueTrigger | FallbackTrigger | StreamTrigger | ManualTrigger;

export type TableAccess = 'read' | 'write' | 'read-write';

/**
 * Stage settings a function may be given (infra/stages.ts when deployed, the local runtime's own
 * values locally), each under one variable. A function receives only those its entry names.
 */
export const settingVariables = {
  paymentProviderUrl: 'PAYMENT_PROVIDER_URL',
  payoutDailyBudgetFen: 'PAYOUT_DAILY_BUDGET_FEN',
  identityVerifierUrl: 'IDENTITY_VERIFIER_URL',
  beaconUrl: 'BEACON_URL',
  beaconChainHash: 'BEACON_CHAIN_HASH',
  beaconPublicKey: 'BEACON_PUBLIC_KEY',
  beaconGenesisTime: 'BEACON_GENESIS_TIME',
  beaconPeriodSeconds: 'BEACON_PERIOD_SECONDS',
} as const;

export type Setting = keyof typeof settingVariables;

/** What a function that reads the randomness beacon declares: the relay and the pinned chain. */
export const beaconSettings = ['beaconUrl', 'beaconChainHash', 'beaconPublicKey', 'beaconGenesisTime', 'beaconPeriodSeconds'] as const satisfies readonly Setting[];

export interface FunctionSpec {
  /** The capability it belongs to (the module that defines it); decides its deployed stack. */
  capability: string;
  /** Path from the repository root to the handler module, which exports `handler`. */
  entry: string;
  description: string;
  trigger: Trigger;
  tables?: Record<string, TableAccess>;
  /** Queues this function sends to. */
  sendsTo?: string[];
  /** Secrets this function reads. */
  secrets?: string[];
  /** Stage settings this function reads (see `settingVariables`). */
  settings?: readonly Setting[];
  /** Buckets this function reads or writes (presigning counts as the access it grants). */
  buckets?: Record<string, TableAccess>;
  timeoutSeconds?: number;
  memoryMb?: number;
  /**
   * The most executions at once: reserved concurrency when deployed, containers in the local
   * runtime. Beyond it callers are throttled (429 with Retry-After), never left waiting.
   */
  concurrency?: number;
}

/** An entry as a capability writes it: its `entry` follows from its name unless given. */
export type FunctionDefinition = Omit<FunctionSpec, 'capability' | 'entry'> & { entry?: string };

/** `activityCreate` → `functions/activity-create.ts`: the handler's file follows from the function's name. */
export const entryOf = (name: string): string => `functions/${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`;

/**
 * A capability's functions, each stamped with the capability's name, its handler file (from its
 * name) and, for routes, the capability's OpenAPI tag (its own name unless `tag` says otherwise).
 */
export function defineFunctions<const F extends Record<string, FunctionDefinition>>(
  capability: string,
  definitions: F,
  options: { tag?: string } = {},
): { [K in keyof F]: F[K] & { capability: string; entry: string } } {
  return Object.fromEntries(
    Object.entries(definitions).map(([name, definition]) => {
      const trigger = definition.trigger.kind === 'http' ? { ...definition.trigger, tag: definition.trigger.tag || options.tag || capability } : definition.trigger;
      return [name, { ...definition, entry: definition.entry ?? entryOf(name), trigger, capability }];
    }),
  ) as { [K in keyof F]: F[K] & { capability: string; entry: string } };
}

/** A success answer in short: its description and, unless it has no body, its schema. */
type Answer = readonly [description: string, schema?: ZodType];

/** What a route takes and answers: its schemas and its success statuses (`201: ['The activity', ActivityView]`). */
export interface RouteIo {
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  [status: number]: Answer;
}

/** What a route touches and may answer besides success, in the entry's own words. */
export type RouteWiring = Omit<FunctionDefinition, 'description' | 'trigger'> &
  Pick<HttpTrigger, 'errors' | 'idempotency' | 'rolesCheckedBy'> & { tag?: string };

type RequestOfIo<Io> = { [K in Extract<keyof Io, 'body' | 'query' | 'params'>]: Io[K] };

/**
 * A route's whole entry in three lines: `route('POST /activities', ['admin', 'operator'], 'Create
 * an activity', { body, 201: [...] }, 'what it does', { errors, tables })`. Access is 'public',
 * 'signed-in' or the roles that may call it.
 */
export function route<const Io extends RouteIo>(
  endpoint: `${HttpMethod} /${string}`,
  access: 'public' | 'signed-in' | readonly Role[],
  summary: string,
  io: Io,
  description: string,
  wiring: RouteWiring = {},
): Omit<FunctionDefinition, 'trigger'> & { trigger: HttpTrigger & { request: RequestOfIo<Io> } } {
  const [method, path] = endpoint.split(' ') as [HttpMethod, string];
  const { errors, idempotency, rolesCheckedBy, tag = '', ...touches } = wiring;
  const { body, query, params, ...answers } = io;
  const request = Object.fromEntries(Object.entries({ body, query, params }).filter(([, schema]) => schema)) as RequestOfIo<Io>;
  const responses = Object.fromEntries(Object.entries(answers as Record<number, Answer>).map(([status, [what, schema]]) => [status, schema ? { description: what, schema } : { description: what }]));
  const trigger = {
    kind: 'http' as const,
    method,
    path,
    access: typeof access === 'string' ? access : { roles: [...access] },
    tag,
    summary,
    ...(Object.keys(request).length > 0 && { request }),
    responses,
    ...(errors && { errors }),
    ...(idempotency && { idempotency }),
    ...(rolesCheckedBy && { rolesCheckedBy }),
  } as HttpTrigger & { request: RequestOfIo<Io> };
  return { description, trigger, ...touches };
}

/** A scheduled function's entry: its cron (Asia/Shanghai), what the schedule is for, what it does, what it touches. */
export function schedule(cron: CronFields, scheduleDescription: string, description: string, wiring: Omit<FunctionDefinition, 'description' | 'trigger'> & Pick<ScheduleTrigger, 'input'> = {}): FunctionDefinition {
  const { input, ...touches } = wiring;
  return { description, trigger: { kind: 'schedule', cron, timeZone: 'Asia/Shanghai', description: scheduleDescription, ...(input && { input }) }, ...touches };
}

/** A queue consumer's entry: its queue and batching, what it does, what it touches. */
export function consumer(queue: Omit<QueueTrigger, 'kind'>, description: string, wiring: Omit<FunctionDefinition, 'description' | 'trigger'> = {}): FunctionDefinition {
  return { description, trigger: { kind: 'queue', ...queue }, ...wiring };
}

export interface System {
  tables: Record<string, TableDefinition>;
  queues: Record<string, QueueDefinition>;
  secrets: Record<string, SecretDefinition>;
  buckets?: Record<string, BucketDefinition>;
  functions: Record<string, FunctionSpec>;
}

/** The scheduled event a function receives, deployed and local alike. */
export interface ScheduledEvent {
  scheduleName: string;
  /** ISO 8601 time the run was scheduled for (not when it started). */
  scheduledTime: string;
  [field: string]: string | number | boolean;
}

/**
 * Tables a function really touches: its own list, plus the accounts table for any route that
 * checks roles and the idempotency table for any mutating route.
 */
export function tablesOf(spec: FunctionSpec): Record<string, TableAccess> {
  const result: Record<string, TableAccess> = { ...spec.tables };
  if (spec.trigger.kind === 'http') {
    if (spec.trigger.access !== 'public') result.accounts = merge(result.accounts, 'read');
    if (storesReplays(spec.trigger)) result.idempotency = merge(result.idempotency, 'read-write');
  }
  return result;
}

export const isMutating = (trigger: HttpTrigger): boolean => trigger.method !== 'GET';

/** Whether a route stores and replays answers under Idempotency-Key (and so needs the idempotency table). */
export const storesReplays = (trigger: HttpTrigger): boolean => isMutating(trigger) && trigger.idempotency !== 'natural';

function merge(a: TableAccess | undefined, b: TableAccess): TableAccess {
  if (!a || a === b) return b;
  return 'read-write';
}

/** Fails with every inconsistency at once: unknown tables or queues, duplicate routes. */
export function checkSystem(system: System): void {
  const problems: string[] = [];
  const routes = new Set<string>();
  const fallbacks = Object.entries(system.functions).filter(([, spec]) => spec.trigger.kind === 'fallback');
  if (fallbacks.length > 1) problems.push(`${fallbacks.map(([name]) => name).join(', ')}: only one function can be the $default route`);
  for (const [name, spec] of Object.entries(system.functions)) {
    for (const table of Object.keys(tablesOf(spec))) {
      if (!(table in system.tables)) problems.push(`${name}: unknown table "${table}"`);
    }
    for (const queue of spec.sendsTo ?? []) {
      if (!(queue in system.queues)) problems.push(`${name}: sends to unknown queue "${queue}"`);
    }
    for (const bucket of Object.keys(spec.buckets ?? {})) {
      if (!(bucket in (system.buckets ?? {}))) problems.push(`${name}: uses unknown bucket "${bucket}"`);
    }
    for (const secret of spec.secrets ?? []) {
      if (!(secret in system.secrets)) problems.push(`${name}: reads unknown secret "${secret}"`);
    }
    const { trigger } = spec;
    if (trigger.kind === 'queue' && !(trigger.queue in system.queues)) {
      problems.push(`${name}: consumes unknown queue "${trigger.queue}"`);
    }
    if (trigger.kind === 'queue' && (trigger.batchSize < 1 || trigger.batchSize > 10_000)) {
      problems.push(`${name}: batch size ${trigger.batchSize} outside 1..10000`);
    }
    if (trigger.kind === 'stream') {
      for (const table of trigger.tables) {
        const definition = system.tables[table];
        if (!definition) problems.push(`${name}: consumes the stream of unknown table "${table}"`);
        else if (!definition.stream) problems.push(`${name}: consumes the stream of table "${table}", which declares none`);
      }
      if (trigger.tables.length === 0) problems.push(`${name}: a stream trigger names no table`);
      if (!(trigger.onFailure in system.queues)) problems.push(`${name}: sends failed stream batches to unknown queue "${trigger.onFailure}"`);
      if (trigger.batchSize < 1 || trigger.batchSize > 10_000) problems.push(`${name}: batch size ${trigger.batchSize} outside 1..10000`);
      if (trigger.retryAttempts < 0 || trigger.retryAttempts > 10_000) problems.push(`${name}: retry attempts ${trigger.retryAttempts} outside 0..10000`);
    }
    if (trigger.kind === 'http') {
      const key = `${trigger.method} ${trigger.path}`;
      if (routes.has(key)) problems.push(`${name}: route ${key} is declared twice`);
      routes.add(key);
    }
  }
  if (problems.length > 0) throw new Error(`The manifest is inconsistent:\n- ${problems.join('\n- ')}`);
}
