/**
 * Every HTTP route of the manifest, fuzzed: malformed bodies (wrong types, missing and extra
 * fields, hostile strings — lone surrogates, RTL overrides, NUL, emoji, 10k characters — numbers
 * out of range), bodies that are not JSON, bodies over the gateway's limit, malformed path and
 * query parameters, garbage Authorization headers and bad Idempotency-Keys. The caller holds the
 * route's role (the province admin for admin routes), so the requests reach validation.
 *
 * Every generated request carries at least one fault the route checks before it acts, so every
 * answer must be a refusal: a 4xx (never a 5xx, never a success), within a few seconds, as a
 * problem document with a code the route (or the gateway) declares and the request id — and the
 * stored data must be as it was before the route was fuzzed.
 *
 * What may change while the fuzz runs, and is left out of the comparison: the tables that work
 * the schedules queue writes at any moment (payout batches, birthday coupons and their notices)
 * and the dashboard the streams aggregate — found from the manifest, not listed by hand. Tables the
 * schedules write themselves are compared, with each route fuzzed between two minute boundaries
 * (every schedule fires on one). Refused requests store no Idempotency-Key record: validation and
 * the key's format are checked before the replay store is reached, and Powertools deletes the
 * in-progress record when the work throws — so the idempotency table is compared too.
 */
import { DynamoDBClient, ListTablesCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { safeParse, type $ZodType as ZodType } from 'zod/v4/core';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { gatewayProblemCodes } from '../../shared/http/gateway-problems';
import { commonProblemCodes, mutatingProblemCodes } from '../../shared/http/problem';
import { functions, system } from '../../shared/manifest';
import { isMutating, type HttpTrigger, type Role, type System } from '../../shared/system';
import { tokenFor } from '../support/api';
import { sendRaw, type RawOutcome, type RawRequest } from '../support/raw-http';
import { recordChecks } from '../support/reliability';
import { drainStreams } from '../support/schedules';
import { gigWorker, granted } from '../support/scenario';
import '../support/provided';

const RUNS_PER_ROUTE = 25;
/** Longer than any refusal should take on this machine, short enough that a hang is caught. */
const ANSWER_WITHIN_MS = 5_000;
const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const routes = Object.entries(functions as System['functions']).flatMap(([name, spec]) => (spec.trigger.kind === 'http' ? [{ name, trigger: spec.trigger }] : []));

// ---------------------------------------------------------------------------------------------
// What a background function may write, from the manifest.

const all = Object.entries(functions as System['functions']);
const writes = (spec: System['functions'][string]) => Object.entries(spec.tables ?? {}).flatMap(([table, access]) => (access === 'read' ? [] : [table]));
const scheduleQueues = new Set(all.flatMap(([, spec]) => (spec.trigger.kind === 'schedule' ? (spec.sendsTo ?? []) : [])));
/** Written at any moment: by a consumer of what a schedule queued, or by a stream's function. */
const changingAnyTime = new Set(
  all.flatMap(([, spec]) => ((spec.trigger.kind === 'queue' && scheduleQueues.has(spec.trigger.queue)) || spec.trigger.kind === 'stream' ? writes(spec) : [])),
);

// ---------------------------------------------------------------------------------------------
// Hostile values.

const hostilePieces = [
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  '\u202Egnp.exe\u202C', // right-to-left override
  '\u0000',
  'nul\u0000inside',
  '😀👩‍👩‍👧‍👦🇨🇳',
  '\uFEFF\u200B\u200D',
  'ﷺ𒐫',
  "'; DROP TABLE accounts; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '%00%2e%2e%2f',
  '__proto__',
  '   ',
  '',
];
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const shortHostile = fc.array(fc.oneof(codeUnit, fc.constantFrom(...hostilePieces)), { maxLength: 12 }).map((parts) => parts.join(''));
const hugeString = fc.constantFrom(...hostilePieces.filter(Boolean), 'x', '字').map((piece) => piece.repeat(Math.ceil(10_000 / piece.length)).slice(0, 10_000));
const hostileString = fc.oneof({ weight: 4, arbitrary: shortHostile }, { weight: 1, arbitrary: hugeString });
const hostileNumber = fc.oneof(
  fc.constantFrom(-1, -0, 0, 1.5, -1e308, 1e308, 2 ** 53 + 2, -(2 ** 63), 1e-320, 99_999_999_999),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const hostileLeaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const hostileValue = fc.oneof(
  { weight: 5, arbitrary: hostileLeaf },
  { weight: 1, arbitrary: fc.array(hostileLeaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(shortHostile, hostileLeaf, { maxKeys: 3 }) },
);

/** The top-level keys of an object schema (through optional, default and pipe), if it is one. */
function keysOf(schema: ZodType | undefined): string[] {
  let def = (schema as { _zod?: { def: Record<string, any> } } | undefined)?._zod?.def;
  for (let depth = 0; def && depth < 5; depth++) {
    if (def.type === 'object') return Object.keys(def.shape);
    def = (def.innerType ?? def.in ?? def.schema)?._zod?.def;
  }
  return [];
}

const accepts = (schema: ZodType, value: unknown) => safeParse(schema, value).success;

/** What the server reads back from a string sent as UTF-8 (a lone surrogate arrives as U+FFFD). */
const throughUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8');
const percentEncoded = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** A JSON body the route's schema refuses: hostile values under its own keys, or none of its shape. */
function badBody(schema: ZodType) {
  const keys = keysOf(schema);
  const shaped = fc
    .tuple(
      fc.tuple(...keys.map(() => fc.option(hostileValue, { nil: undefined })), fc.constant(undefined)),
      fc.option(fc.tuple(shortHostile, hugeString), { nil: undefined }),
    )
    .map(([values, extra]) => {
      const body: Record<string, unknown> = {};
      keys.forEach((key, i) => {
        if (values[i] !== undefined) body[key] = values[i];
      });
      if (extra) body[extra[0]] = extra[1];
      return body as unknown;
    });
  return fc.oneof(shaped, hostileValue).filter((body) => !accepts(schema, body));
}

/** Text that is no JSON at all (sent as application/json). */
const notJson = fc
  .oneof(
    fc.constantFrom('{', '{"a":', "{'single':'quotes'}", '[1,2,]', 'undefined', 'NaN', '{"a":1}{"b":2}', '\uFEFF{}', '<xml/>', 'a=1&b=2', '\u0000'),
    fc.string({ minLength: 1, maxLength: 200 }),
  )
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });

/** A path parameter no record has: always some hostile part, sometimes a percent escape that decodes to nothing. */
const badPathParam = fc.oneof(
  shortHostile.map((text) => percentEncoded(`${text}\u202E..`)),
  fc.constantFrom('%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', '..%2F..%2F', '%', '%zz', '%E0%A4', '%C0%AF', '%ED%A0%80', '%00'),
  fc.integer({ min: 1_100, max: 2_500 }).map((length) => 'a'.repeat(length)),
  fc.integer({ min: 200, max: 700 }).map((length) => percentEncoded('路'.repeat(length))),
);

const badAuthorization = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNzd29yZA==',
    'Bearer a.b.c',
    // An unsigned token ("alg": "none") naming an operator.
    'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJvcGVyYXRvciIsImV4cCI6OTk5OTk5OTk5OX0.',
    `Bearer ${'A'.repeat(8_000)}`,
    'Bearer null',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((text) => `Bearer ${text.replace(/[\x00-\x1f\x7f]/g, '')}`),
);

const badIdempotencyKey = fc.oneof(
  fc.constantFrom('short', 'k'.repeat(129), 'k'.repeat(4_000), 'abcdefgh\u0001', 'abcd\u007fefgh', 'abcd efgh ijkl', 'abcd\tefghijkl', 'abcdéfghijkl', 'key/with/slash'),
  fc.string({ unit: 'binary-ascii', minLength: 8, maxLength: 40 }).map((text) => `${text.replace(/[\r\n]/g, '')}\u0002`),
);

// ---------------------------------------------------------------------------------------------
// Requests.

interface Fuzzed {
  fault: string;
  request: RawRequest;
}

const jsonHeaders = (): [string, string][] => [['content-type', 'application/json']];

function requestsFor(trigger: HttpTrigger, authorization: string | undefined): fc.Arbitrary<Fuzzed> {
  const params = (trigger.path.match(/\{(\w+)\+?\}/g) ?? []).map((param) => param.slice(1, -1).replace(/\+$/, ''));
  const path = (values: Record<string, string> = {}) => trigger.path.replace(/\{(\w+)\+?\}/g, (_, name: string) => values[name] ?? `fuzz-${name}-${'\u2603'.length}`);
  const auth = (): [string, string][] => (authorization ? [['authorization', authorization]] : []);
  const base = (fault: string, extra: Partial<RawRequest> = {}): Fuzzed => ({
    fault,
    request: { method: trigger.method, target: path(), headers: [...auth(), ...jsonHeaders()], ...extra },
  });
  const faults: fc.Arbitrary<Fuzzed>[] = [];

  const body = trigger.request?.body;
  if (body) {
    // Weighted: the schema's own fields are where most of a route's checks are.
    const offSchema = badBody(body).map((value) => base('body off its schema', { body: Buffer.from(JSON.stringify(value) ?? 'null') }));
    faults.push(offSchema, offSchema, offSchema);
  }
  faults.push(notJson.map((text) => base('body not JSON', { body: Buffer.from(text, 'utf8') })));

  if (params.length > 0) {
    faults.push(
      fc.tuple(...params.map(() => badPathParam)).map((values) => {
        const named = Object.fromEntries(params.map((name, i) => [name, values[i]!]));
        return base('path parameter malformed', { target: path(named) });
      }),
    );
  }

  const query = trigger.request?.query;
  const queryKeys = keysOf(query);
  if (query && queryKeys.length > 0) {
    // Long, but inside the request line's limit (a 10k-character value is the body's to carry).
    const longValue = fc.constantFrom('x', '字', '\u202E').map((piece) => piece.repeat(1_000));
    const queryValue = fc.oneof(shortHostile, longValue, fc.constantFrom('-1', '0', '1e308', '99999999999999999999', 'NaN', 'true', '[]', '{}', '%', '%zz'));
    faults.push(
      fc
        .tuple(...queryKeys.map(() => fc.option(queryValue, { nil: undefined })))
        .map((values) => Object.fromEntries(queryKeys.flatMap((key, i) => (values[i] === undefined ? [] : [[key, values[i]!]]))))
        .filter((values) => {
          // Judged as the server will read it: raw '%' escapes stay as sent, the rest arrives through UTF-8.
          const seen = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, /%/.test(value) ? safeDecode(value) : throughUtf8(value)]));
          return Object.keys(values).length > 0 && !accepts(query, seen);
        })
        .map((values) => {
          const search = Object.entries(values)
            .map(([key, value]) => `${key}=${/^%/.test(value) && value.length <= 3 ? value : percentEncoded(value)}`)
            .join('&');
          return base('query parameter malformed', { target: `${path()}?${search}` });
        }),
    );
  }

  if (trigger.access !== 'public') {
    faults.push(badAuthorization.map((value) => ({ fault: 'Authorization garbage', request: { method: trigger.method, target: path(), headers: [['authorization', value]] } })));
  }
  if (isMutating(trigger)) {
    faults.push(badIdempotencyKey.map((key) => base('Idempotency-Key malformed', { headers: [...auth(), ...jsonHeaders(), ['idempotency-key', key]] })));
  }
  return fc.oneof(...faults);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Invariants on one answer.

const invariants = {
  refused: 'answers 4xx (no 5xx, no success)',
  inTime: `answers within ${ANSWER_WITHIN_MS / 1000} s`,
  problem: 'problem document with code and requestId',
  declared: 'problem code declared by the route',
  unchanged: 'stored data unchanged (per route)',
} as const;

function declaredCodes(trigger: HttpTrigger): Record<string, number> {
  return { ...commonProblemCodes, ...gatewayProblemCodes, ...(isMutating(trigger) ? mutatingProblemCodes : {}), ...trigger.errors };
}

/** The invariants one answer breaks, by name. */
function brokenBy(trigger: HttpTrigger, outcome: RawOutcome): Partial<Record<keyof typeof invariants, string>> {
  if ('failed' in outcome) return { inTime: outcome.failed, refused: outcome.failed, problem: outcome.failed, declared: outcome.failed };
  const broken: Partial<Record<keyof typeof invariants, string>> = {};
  if (outcome.ms > ANSWER_WITHIN_MS) broken.inTime = `${outcome.ms} ms`;
  if (outcome.status < 400 || outcome.status > 499) broken.refused = `status ${outcome.status}`;
  let problem: Record<string, unknown> | undefined;
  try {
    problem = JSON.parse(outcome.body);
  } catch {
    // checked below
  }
  const wellFormed =
    (outcome.headers['content-type'] ?? '').startsWith('application/problem+json') &&
    problem !== undefined &&
    problem.status === outcome.status &&
    typeof problem.code === 'string' &&
    /^[A-Z][A-Z0-9_]+$/.test(problem.code) &&
    typeof problem.type === 'string' &&
    typeof problem.title === 'string' &&
    typeof problem.detail === 'string' &&
    typeof problem.requestId === 'string' &&
    problem.requestId.length > 0 &&
    problem.requestId === outcome.headers['apigw-requestid'];
  if (!wellFormed) broken.problem = `${outcome.status} ${outcome.headers['content-type']} ${outcome.body.slice(0, 200)}`;
  else if (declaredCodes(trigger)[problem!.code as string] !== outcome.status) broken.declared = `${outcome.status} ${problem!.code}`;
  return broken;
}

// ---------------------------------------------------------------------------------------------
// Stored data.

let dynamodb: DynamoDBClient;
/** Each compared table's items, as canonical JSON. */
type Snapshot = Map<string, Set<string>>;

async function snapshot(): Promise<Snapshot> {
  const { TableNames = [] } = await dynamodb.send(new ListTablesCommand({}));
  const tables: Snapshot = new Map();
  await Promise.all(
    TableNames.filter((table) => !changingAnyTime.has(table)).map(async (table) => {
      const items = new Set<string>();
      for await (const page of paginateScan({ client: dynamodb }, { TableName: table })) {
        for (const item of page.Items ?? []) items.add(JSON.stringify(sortKeys(item)));
      }
      tables.set(table, items);
    }),
  );
  return tables;
}

const sortKeys = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(sortKeys) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)])) : value;

/** Items added, changed or removed between two snapshots, per table (as counts and a sample). */
function differences(before: Snapshot, after: Snapshot): string[] {
  const found: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(table) ?? new Set<string>();
    const is = after.get(table) ?? new Set<string>();
    const gone = [...was.keys()].filter((item) => !is.has(item));
    const added = [...is.keys()].filter((item) => !was.has(item));
    if (gone.length || added.length) found.push(`${table}: ${gone.length} items gone or changed, ${added.length} new or changed; e.g. ${(added[0] ?? gone[0]!).slice(0, 300)}`);
  }
  return found;
}

/** A schedule's run takes a moment after its minute: a quiet window starts this long past it. */
const SCHEDULES_SETTLE_MS = 8_000;
const quietWindowOf = (at: number) => (at % 60_000 < SCHEDULES_SETTLE_MS ? undefined : Math.floor(at / 60_000));

/** Every schedule fires on a minute boundary: wait, if need be, so that `ms` fits before the next. */
async function beforeTheNextMinute(ms: number): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  const wait = intoMinute < SCHEDULES_SETTLE_MS ? SCHEDULES_SETTLE_MS - intoMinute : intoMinute + ms > 58_000 ? 60_000 - intoMinute + SCHEDULES_SETTLE_MS : 0;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** The last snapshot taken, reused as the next route's "before" while no schedule can have run since. */
let last: { tables: Snapshot; at: number } | undefined;

// ---------------------------------------------------------------------------------------------

const callers = {} as Record<'signed-in' | Role, string>;
const tally = { requests: 0, faults: new Map<string, number>(), ...Object.fromEntries(Object.keys(invariants).map((k) => [k, { checks: 0, violations: 0 }])) } as {
  requests: number;
  faults: Map<string, number>;
} & Record<keyof typeof invariants, { checks: number; violations: number }>;

function callerOf(trigger: HttpTrigger): string | undefined {
  if (trigger.access === 'public') return undefined;
  if (trigger.access === 'signed-in') return callers['signed-in'];
  // The province admin for admin routes: the widest admin scope, so a refusal is never by scope.
  const role = trigger.access.roles.includes('admin') ? 'admin' : trigger.access.roles[0]!;
  return callers[role];
}

beforeAll(async () => {
  dynamodb = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: localRegion, credentials: localCredentials });
  callers.admin = await granted('gd-admin', { role: 'admin', organisationId: 'gd' });
  callers.operator = await granted('operator', { role: 'operator' });
  callers.merchant = await granted('merchant', { role: 'merchant', merchantId: 'demo-mart' });
  callers.member = (await gigWorker('gz', 'ride-hailing')).user;
  callers['signed-in'] = `fuzz-stranger-${Date.now()}`;
  // What earlier files set going (stream batches, request-fed queue work) settles before the first snapshot:
  // two snapshots a moment apart, in one quiet window, agree.
  await drainStreams();
  for (let attempt = 0; attempt < 10; attempt++) {
    await beforeTheNextMinute(5_000);
    const first = await snapshot();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    if (differences(first, await snapshot()).length === 0) break;
  }
}, 180_000);

afterAll(() => {
  recordChecks('requests fuzzed', tally.requests, 0, { measure: true });
  for (const [fault, count] of [...tally.faults].sort()) recordChecks(`  of which: ${fault}`, count, 0, { measure: true });
  recordChecks('routes fuzzed', tally.unchanged.checks, 0, { measure: true });
  for (const [key, name] of Object.entries(invariants)) recordChecks(name, tally[key as keyof typeof invariants].checks, tally[key as keyof typeof invariants].violations);
});

describe('every route refuses malformed requests cleanly', () => {
  it('fuzzes every HTTP route of the manifest', () => {
    expect(routes.length).toBeGreaterThan(50);
  });

  it('compares the stored data: a real change shows', async () => {
    const before = await snapshot();
    expect([...before.keys()].sort()).toEqual(Object.keys(system.tables).filter((table) => !changingAnyTime.has(table)).sort());
    const updated = await sendRaw(
      inject('apiUrl'),
      { method: 'PATCH', target: '/me/profile', headers: [['authorization', `Bearer ${await tokenFor(callers.member)}`], ['content-type', 'application/json']], body: Buffer.from(JSON.stringify({ employer: `Fuzz ${Date.now()}` })) },
      ANSWER_WITHIN_MS,
    );
    expect('status' in updated && updated.status).toBe(200);
    expect(differences(before, await snapshot()).join('\n')).toMatch(/^accounts: /);
  });

  let lastRouteMs = 3_000;
  it.each(routes.map(({ name, trigger }) => [name, trigger] as const))('%s', async (name, trigger) => {
    const apiUrl = inject('apiUrl');
    const user = callerOf(trigger);
    const authorization = user ? `Bearer ${await tokenFor(user)}` : undefined;
    const wrong: string[] = [];
    const check = (fault: string, request: RawRequest, outcome: RawOutcome) => {
      tally.requests++;
      tally.faults.set(fault, (tally.faults.get(fault) ?? 0) + 1);
      const broken = brokenBy(trigger, outcome);
      for (const key of ['refused', 'inTime', 'problem', 'declared'] as const) {
        tally[key].checks++;
        if (broken[key]) {
          tally[key].violations++;
          wrong.push(`${invariants[key]}: ${fault}: ${request.method} ${request.target.slice(0, 160)} → ${broken[key]}`);
        }
      }
    };

    await beforeTheNextMinute(lastRouteMs * 2);
    const started = Date.now();
    const before = last && quietWindowOf(last.at) === quietWindowOf(started) ? last.tables : await snapshot();

    await fc.assert(
      fc.asyncProperty(requestsFor(trigger, authorization), async ({ fault, request }) => {
        check(fault, request, await sendRaw(apiUrl, request, ANSWER_WITHIN_MS));
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
    // One body just over the gateway's limit, on every route (GETs included).
    const oversized: RawRequest = {
      method: trigger.method,
      target: trigger.path.replace(/\{(\w+)\+?\}/g, 'fuzz'),
      headers: [...(authorization ? ([['authorization', authorization]] as [string, string][]) : []), ['content-type', 'application/json']],
      body: Buffer.alloc(BODY_LIMIT_BYTES + 1, 0x20),
    };
    const answer = await sendRaw(apiUrl, oversized, ANSWER_WITHIN_MS);
    check('body over the limit', oversized, answer);
    if (!('failed' in answer) && answer.status !== 413) wrong.push(`body over the limit answered ${answer.status}, not 413`);

    const after = await snapshot();
    last = { tables: after, at: Date.now() };
    lastRouteMs = Date.now() - started;
    tally.unchanged.checks++;
    const changed = differences(before, after);
    if (changed.length > 0) {
      tally.unchanged.violations++;
      wrong.push(...changed.map((change) => `${invariants.unchanged}: ${change}`));
    }
    expect(wrong, name).toEqual([]);
  }, 120_000);
});
