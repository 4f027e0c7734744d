/**
 * `npm run bench:feed [-- --members 100000 --concurrency 8 --calls 3000 --warmup 2000]`
 *
 * The two reads a province leans on, through the local runtime's HTTP gateway, on a tree of more
 * than 10,000 organisations (province → 21 cities → counties → towns → grassroots unions, six
 * industry federations a city) and 100,000 members, with articles at every level:
 *  - a member's news feed (`GET /news`: her union chain's feeds merged), and
 *  - an organisation's dashboard (`GET /organisations/{id}/dashboard`, any tier),
 * against a plain GetItem on the same DynamoDB Local in the same run, at the same concurrency.
 *
 * The data is seeded straight into the tables (as a stage whose data existed before its streams
 * were switched on), the figures recounted once by the operator's job (`dashboardRebuild`), the
 * streams then read from their beginning (switched on after the seed) and a live mix of sign-ups, joins, transfers,
 * leaves, articles and two moves applied through the API and drained. Violations:
 * a feed item of a union off the member's chain, and a dashboard figure that differs from the
 * bench's own recount (by scanning the tables).
 */
import { GetCommand, ScanCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { localCredentials, localRegion } from '../local/dynamodb-local';
import { startRuntime } from '../local/runtime';
import { startQueuePollers } from '../local/queue-poller';
import { startStreamPollers } from '../local/stream-poller';
import { DynamoAccountStore } from '../shared/accounts/account-store-dynamodb';
import { memberIndexKeys, profileKey } from '../shared/accounts/keys';
import { outdoorIndustries } from '../shared/accounts/schemas';
import { tables } from '../shared/resources';
import { placeOf, type Article } from '../shared/news/article';
import { feedVersionItem, publishedItems } from '../shared/news/news-store-dynamodb';
import { childPath, type Organisation } from '../shared/organisations/organisation';
import { DynamoOrganisationStore } from '../shared/organisations/organisation-store-dynamodb';
import { segmentsOf } from '../shared/organisations/scope';
import { hmacPii } from '../shared/privacy/pii';
import { maskPhone } from '../shared/privacy/redact';
import { measure, summarise, writeResult } from './report';
import { sendAsTheApp } from './runtime';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '8' },
    // Enough that a p99 is the 30th-worst call, not the 10th (with 1,000 it moved by half between runs).
    calls: { type: 'string', default: '3000' },
    // Enough calls that every container of each function (one per call in flight) has run its
    // code hot: with 200, each of 8 containers ran 25 and the timed reads met V8 still compiling.
    warmup: { type: 'string', default: '2000' },
  },
});
const memberCount = Number(values.members);
const concurrency = Number(values.concurrency);
const calls = Number(values.calls);
const warmup = Number(values.warmup);
const log = (line: string) => process.stderr.write(`${line}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

const runtime = await startRuntime({
  port: 0,
  inMemory: true,
  dataDir: mkdtempSync(path.join(tmpdir(), 'union-benefits-bench-')),
  seedDemo: false,
  // The streams are read from after the seed and the recount (below), as on a stage whose data came first.
  triggers: false,
  log: () => {},
  logLevel: 'WARN',
  // As many containers per function as calls in flight (deployed, Lambda scales far past this; the
  // local default of 4 is a laptop's memory), so the reads are timed, not the admission queue.
  defaultConcurrency: concurrency,
  functionOutput: new Writable({ write: (_c, _e, done) => done() }),
});
// Its own client with retries: DynamoDB Local answers a write that waited too long for a lock with a
// 500 that real DynamoDB would not give (the seed writes 100,000 items with 16 in flight).
const seedClient = new DynamoDBClient({ endpoint: runtime.dynamodbEndpoint, region: localRegion, credentials: localCredentials, maxAttempts: 10 });
const documents = DynamoDBDocumentClient.from(seedClient, { marshallOptions: { removeUndefinedValues: true } });
const table = runtime.tableName;

/**
 * The streamed tables' streams off while the seed is written, on again after it (a new stream,
 * read from its beginning). Nothing reads the seed's stream records, and DynamoDB Local keeps them: every
 * Query on a streamed table then describes its stream in SQLite, at a cost that grows with the
 * records kept (an empty partition's Query measured 1.3 ms after 100,000 unstreamed writes, 27 ms
 * after 100,000 streamed ones, one at a time; about a second at 8 in flight), which real
 * DynamoDB does not have. Seeded with the streams on, the bench timed that, not the feed.
 */
async function switchStreams(on: boolean) {
  for (const [name, definition] of Object.entries(tables)) {
    if (!('stream' in definition)) continue;
    const StreamSpecification = on ? { StreamEnabled: true, StreamViewType: definition.stream } : { StreamEnabled: false };
    await seedClient.send(new UpdateTableCommand({ TableName: table(name), StreamSpecification }));
  }
}
await switchStreams(false);

async function writeAll(tableName: string, items: Record<string, unknown>[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < items.length) {
        let pending = items.slice(next, next + 25);
        next += 25;
        if (next % 20_000 === 0) log(`  ${tableName}: ${next} of ${items.length} written (${elapsed()})`);
        while (pending.length > 0) {
          const result = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending.map((Item) => ({ PutRequest: { Item } })) } }));
          pending = (result.UnprocessedItems?.[tableName] ?? []).map((r) => r.PutRequest!.Item as Record<string, unknown>);
        }
      }
    }),
  );
}

// 1. The tree: 1 + 21 + 168 + 1,680 + 8,400 grassroots + 126 federations = 10,396 organisations.
const at = new Date(Date.now() - 30 * 86_400_000).toISOString();
const organisations: Organisation[] = [];
const make = (id: string, kind: Organisation['kind'], parent?: Organisation, extra: Partial<Organisation> = {}) => {
  const organisation: Organisation = { id, name: `${kind} ${id}`, kind, parentId: parent?.id, path: childPath(parent, id), status: 'active', autoApprove: true, memberCount: 0, childCount: 0, createdAt: at, ...extra };
  if (parent) parent.childCount++;
  organisations.push(organisation);
  return organisation;
};
const province = make('gd', 'province');
const grassroots: Organisation[] = [];
const federations: Organisation[] = [];
for (let c = 0; c < 21; c++) {
  const city = make(`c${c}`, 'city', province, { federationsOnDemand: true });
  for (const industry of outdoorIndustries) federations.push(make(`c${c}-${industry}`, 'industry-federation', city, { industry }));
  for (let k = 0; k < 8; k++) {
    const county = make(`c${c}-k${k}`, 'county', city);
    for (let t = 0; t < 10; t++) {
      const town = make(`c${c}-k${k}-t${t}`, 'town', county);
      for (let g = 0; g < 5; g++) grassroots.push(make(`c${c}-k${k}-t${t}-g${g}`, 'grassroots', town));
    }
  }
}
const piiKey = process.env.PII_HASH_KEY!;
const profiles = Array.from({ length: memberCount }, (_, n) => {
  const union = n % 10 < 3 ? federations[n % federations.length]! : grassroots[(n * 7919) % grassroots.length]!;
  union.memberCount++;
  const phone = `13${String(100_000_000 + n).slice(-9)}`;
  const userId = `bench-${n}`;
  return {
    ...profileKey(userId),
    ...memberIndexKeys(union.path, userId),
    userId,
    name: `会员${n}`,
    phoneHash: hmacPii(piiKey, 'phone', phone),
    phoneMasked: maskPhone(phone),
    industry: union.industry ?? 'other',
    verified: n % 4 === 0,
    registeredAt: at,
    membership: { organisationId: union.id, orgPath: union.path, since: at },
  };
});
log(`planned ${organisations.length} organisations and ${profiles.length} members`);
await writeAll(
  table('organisations'),
  organisations.map((o) => ({ pk: `ORG#${o.id}`, sk: 'ORG', ...(o.parentId && { gsi1pk: `CHILDREN#${o.parentId}`, gsi1sk: `${o.name}#${o.id}` }), ...o })),
);
await writeAll(table('accounts'), profiles);
// Articles at every level: the province's, each city's and county's, one in eight grassroots unions'.
const writers = [
  ...Array.from({ length: 30 }, (_, i) => [province, i < 3] as const),
  ...organisations.filter((o) => o.kind === 'city').flatMap((o) => Array.from({ length: 5 }, () => [o, false] as const)),
  ...organisations.filter((o) => o.kind === 'county').flatMap((o) => Array.from({ length: 2 }, () => [o, false] as const)),
  ...grassroots.filter((_, i) => i % 8 === 0).map((o) => [o, false] as const),
];
// Written as the store writes a publish (its own item builders), in batches: a stage's existing
// news, as the dashboard's rebuild finds it. The live mix below publishes through the API.
await writeAll(
  table('news'),
  writers.flatMap(([organisation, pinned], i) => {
    const publishedAt = new Date(Date.now() - (writers.length - i) * 60_000).toISOString();
    const article: Article = {
      articleId: randomUUID(),
      organisationId: organisation.id,
      organisationName: organisation.name,
      organisationPath: organisation.path,
      title: `通知 ${i + 1}`,
      excerpt: '正文',
      body: '正文',
      pinned,
      publishedAt,
      updatedAt: publishedAt,
      version: 1,
      place: '',
      status: 'published',
      publishedBy: 'bench',
      updatedBy: 'bench',
    };
    return publishedItems({ ...article, place: placeOf(article) });
  }),
);
// And each writer's feed version, as its publishes left it.
const publishesBy = new Map<string, number>();
for (const [organisation] of writers) publishesBy.set(organisation.id, (publishesBy.get(organisation.id) ?? 0) + 1);
await writeAll(table('news'), [...publishesBy].map(([id, count]) => feedVersionItem(id, count)));
const operator = 'bench-operator';
await new DynamoAccountStore(documents, table('accounts')).grant(operator, { role: 'operator', grantedAt: at, grantedBy: 'bench' });
log(`seeded ${organisations.length} organisations, ${profiles.length} members, ${writers.length} articles (${elapsed()})`);

await switchStreams(true);

// 2. The operator's recount, then the streams from here on.
const rebuild = await runtime.functions.invoke('dashboardRebuild', { scheduleName: 'dashboardRebuild', scheduledTime: new Date().toISOString() });
log(`recounted: ${JSON.stringify(rebuild)} (${elapsed()})`);
const streams = startStreamPollers({
  system: (await import('../shared/manifest')).system,
  dynamodb: runtime.dynamodb,
  endpoint: runtime.dynamodbEndpoint,
  region: localRegion,
  credentials: localCredentials,
  tableName: table,
  invoke: (name, event) => runtime.functions.invoke(name, event),
  sendFailure: async (queue, body) => void (await runtime.sqs.client.send(new SendMessageCommand({ QueueUrl: runtime.sqs.queueUrls[queue]!, MessageBody: body }))),
  log,
  // From the streams' beginning: they were switched on after the seed, and nothing was written
  // since. (From LATEST, DynamoDB Local lost the first records of a stream just switched on: 2 to 4
  // of the 20 live articles, never counted, in two runs.)
  startingPosition: 'TRIM_HORIZON',
});
await streams.drain();
// And the queues' consumers (the runtime's are off with its triggers): a move re-paths its
// subtree in the background through one, and the figures are compared once that is done.
const queues = startQueuePollers({
  system: (await import('../shared/manifest')).system,
  sqs: runtime.sqs.client,
  queueUrls: runtime.sqs.queueUrls,
  invoke: (name, event) => runtime.functions.invoke(name, event),
  log,
});

const tokens = new Map<string, string>();
const tokenOf = async (sub: string) => tokens.get(sub) ?? tokens.set(sub, await runtime.idp.issue(sub, { username: sub })).get(sub)!;
let retries = 0;
// As the app calls: an Idempotency-Key on every call, the same again after Retry-After on 429/503.
const api = async (method: string, route: string, sub: string, body?: unknown) =>
  sendAsTheApp<any>(
    `${runtime.url}${route}`,
    {
      method,
      headers: { authorization: `Bearer ${await tokenOf(sub)}`, 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    3,
    () => retries++,
  );

// 3. A live mix through the API, counted by the aggregator from the streams.
const mixUnions = grassroots.filter((_, i) => i % 97 === 0);
let unexpectedAnswers = 0;
/** Whether the answer is the one wanted; one that is not is counted and said (its code says why). */
const expectStatus = (answer: { status: number; body?: any }, wanted: number, what: string) => {
  if (answer.status === wanted) return true;
  unexpectedAnswers++;
  log(`  unexpected: ${what} → ${answer.status} ${answer.body?.code ?? ''} ${answer.body?.detail ?? ''}`);
  return false;
};
// Eight callers at a time, as phones would be; each caller's own steps in order.
await measure(120, 8, async (i) => {
  const sub = `bench-new-${i}`;
  expectStatus(await api('POST', '/members', sub, { name: '新会员', phone: `15${String(200_000_000 + i).slice(-9)}`, industry: 'other' }), 201, 'POST /members');
  expectStatus(await api('POST', '/me/membership', sub, { organisationId: mixUnions[i % mixUnions.length]!.id }), 201, 'POST /me/membership');
});
await measure(40, 8, async (i) => {
  const sub = `bench-${i * 13 + 4}`; // seeded members, of grassroots unions and federations
  if (i % 2 === 0) expectStatus(await api('DELETE', '/me/membership', sub), 200, 'DELETE /me/membership');
  else expectStatus(await api('POST', '/me/membership/transfer', sub, { organisationId: mixUnions[(i * 7) % mixUnions.length]!.id }), 201, 'POST /me/membership/transfer');
});
await measure(20, 4, async (i) => {
  expectStatus(await api('POST', `/organisations/${pickOf(grassroots, i * 31).id}/news`, operator, { title: `实时 ${i}`, body: '正文' }), 201, 'POST /organisations/{id}/news');
});
expectStatus(await api('POST', '/organisations/c0-k0-t0/move', operator, { newParentId: 'c1-k0' }), 202, 'POST /organisations/c0-k0-t0/move');
expectStatus(await api('POST', '/organisations/c2-k1-t3-g2/move', operator, { newParentId: 'c2-courier' }), 202, 'POST /organisations/c2-k1-t3-g2/move');
// The moves re-path their subtrees in the background (a queue consumer): the figures are compared
// once they are done and their stream records applied.
const organisationStore = new DynamoOrganisationStore(documents, table('organisations'));
const movesDone = Date.now() + 300_000;
while ((await organisationStore.movesInFlight()).length > 0) {
  // A move still in flight after five minutes is a bench that cannot compare its figures.
  if (Date.now() > movesDone) throw new Error('the two moves did not finish re-pathing their subtrees within 5 minutes');
  await new Promise((r) => setTimeout(r, 500));
}
const drained = await streams.drain(300_000);
log(`live mix applied (${drained.batches} stream batches, ${unexpectedAnswers} unexpected answers) (${elapsed()})`);
// Reads write nothing: the pollers (streams and queues) stop here, so DynamoDB Local serves the timed reads alone
// (each idle pass of a poller asks every shard of seven streams for more).
await streams.stop();
await queues.stop();

function pickOf<T>(list: T[], i: number): T {
  return list[i % list.length]!;
}

// 4. The bench's own recount, by scanning: each member, organisation and article counted up its chain.
async function scanAll(tableName: string) {
  const items: Record<string, any>[] = [];
  await Promise.all(
    [0, 1, 2, 3].map(async (segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(new ScanCommand({ TableName: tableName, Segment: segment, TotalSegments: 4, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
  return items;
}
const parentOf = new Map<string, string | undefined>();
const kindOf = new Map<string, string>();
const recount = new Map<string, Record<string, number>>();
const bump = (id: string, name: string, by = 1) => {
  const figures = recount.get(id) ?? {};
  figures[name] = (figures[name] ?? 0) + by;
  recount.set(id, figures);
};
const chainOf = (id: string) => {
  const chain: string[] = [];
  for (let at: string | undefined = id; at; at = parentOf.get(at)) chain.push(at);
  return chain;
};
for (const item of await scanAll(table('organisations'))) {
  if (item.sk !== 'ORG') continue;
  parentOf.set(item.id, item.parentId);
  kindOf.set(item.id, item.kind);
}
for (const [id, kind] of kindOf) for (const at of chainOf(id)) bump(at, `organisations.${kind}`);
// Each member's chain as the tables hold it after the mix: what her feed may show.
const chainOfMember = new Map<string, Set<string>>();
for (const item of await scanAll(table('accounts'))) {
  if (item.sk !== 'ACCOUNT#PROFILE' || !item.membership) continue;
  chainOfMember.set(item.userId, new Set(segmentsOf(String(item.membership.orgPath))));
  let federation = false;
  for (const at of chainOf(item.membership.organisationId)) {
    federation ||= kindOf.get(at) === 'industry-federation';
    bump(at, 'members');
    if (item.verified) bump(at, 'verifiedMembers');
    if (federation) bump(at, 'federationMembers');
  }
}
for (const item of await scanAll(table('news'))) {
  if (item.sk === 'ARTICLE' && item.status === 'published') for (const at of chainOf(item.organisationId)) bump(at, 'articles');
}
log(`recounted by scanning (${elapsed()})`);

const flat = (f: any): Record<string, number> =>
  Object.fromEntries(
    Object.entries({
      'organisations.province': f.organisations.province,
      'organisations.city': f.organisations.city,
      'organisations.county': f.organisations.county,
      'organisations.town': f.organisations.town,
      'organisations.grassroots': f.organisations.grassroots,
      'organisations.industry-federation': f.organisations.industryFederation,
      members: f.members,
      verifiedMembers: f.verifiedMembers,
      federationMembers: f.gigWorkers.members,
      articles: f.articles,
      others: f.activities.count + f.draws.count + f.coupons.claimed + f.coupons.released + f.claimsPaid.count + f.subsidiesPaid.count,
    }).filter(([, v]) => v !== 0),
  );
let mismatchesShown = 0;
/** Whether the route's figures equal the recount; the first few differences are logged. */
const same = (id: string, a: Record<string, number>, b: Record<string, number>) => {
  const equal = JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  if (!equal && mismatchesShown++ < 5) log(`  ${id}: route ${JSON.stringify(a)} ≠ recount ${JSON.stringify(b)}`);
  return equal;
};

// 5. Reads: warm up, then GetItem, feed and dashboard at the same concurrency.
const violations = { feedItemsFromOtherBranches: 0, dashboardFiguresNotEqualRecount: 0 };
const allOrgs = [...kindOf.keys()];
const readers = profiles.filter((_, n) => n % 50 === 1).map((p) => p.userId);
const getItem = async (i: number) => {
  await documents.send(new GetCommand({ TableName: table('organisations'), Key: { pk: `ORG#${pickOf(allOrgs, i * 7)}`, sk: 'ORG' } }));
};
const feed = async (i: number) => {
  const sub = pickOf(readers, i * 13);
  const answer = await api('GET', '/news', sub);
  if (!expectStatus(answer, 200, 'GET /news')) return;
  // Her chain is the path on her profile, read by the scan above (what the feed promises: her union
  // and every union above it); checked from memory, so the timed span is the API call alone.
  const chain = chainOfMember.get(sub) ?? new Set();
  for (const item of answer.body.items) if (!chain.has(item.organisationId)) violations.feedItemsFromOtherBranches++;
};
const dashboard = async (i: number) => {
  // Every tier: the province, cities, counties, towns, unions, federations.
  const id = i % 50 === 0 ? 'gd' : pickOf(allOrgs, i * 101);
  const answer = await api('GET', `/organisations/${id}/dashboard`, operator);
  if (!expectStatus(answer, 200, 'GET /organisations/{id}/dashboard')) return;
  if (!same(id, flat(answer.body.figures), recount.get(id) ?? {})) violations.dashboardFiguresNotEqualRecount++;
};
// The platform's shortest signed-in read, for scale: the gateway, the token, a container and the
// caller's account (one Query), which every signed-in route pays before its own reads.
const me = async (i: number) => {
  expectStatus(await api('GET', '/me', pickOf(readers, i * 17)), 200, 'GET /me');
};
await measure(warmup, concurrency, getItem);
await measure(warmup, concurrency, me);
await measure(warmup, concurrency, feed);
await measure(warmup, concurrency, dashboard);
log(`warmed up (${elapsed()})`);
const ceilingFirst = summarise(await measure(calls, concurrency, getItem));
const meLatency = summarise(await measure(calls, concurrency, me));
const feedLatency = summarise(await measure(calls, concurrency, feed));
const dashboardLatency = summarise(await measure(calls, concurrency, dashboard));
const ceilingLast = summarise(await measure(calls, concurrency, getItem));
const ceiling = ceilingFirst.p99Ms <= ceilingLast.p99Ms ? ceilingFirst : ceilingLast;
const said = (what: string, l: { p50Ms: number; p99Ms: number }) => `${what} p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms`;
log(`timed (${elapsed()}): ${[said('GetItem', ceiling), said('GET /me', meLatency), said('feed', feedLatency), said('dashboard', dashboardLatency)].join('; ')}`);
// Every organisation once more, against the recount.
await measure(allOrgs.length, concurrency, async (i) => {
  const answer = await api('GET', `/organisations/${allOrgs[i]}/dashboard`, operator);
  if (expectStatus(answer, 200, 'GET /organisations/{id}/dashboard') && !same(allOrgs[i]!, flat(answer.body.figures), recount.get(allOrgs[i]!) ?? {})) violations.dashboardFiguresNotEqualRecount++;
});
log(`measured (${elapsed()})`);

const ratio = Math.round((ceiling.p99Ms / Math.max(feedLatency.p99Ms, dashboardLatency.p99Ms)) * 1000) / 1000;
const counted = { ...violations, unexpectedStatuses: unexpectedAnswers };
const file = writeResult({
  name: 'feed',
  figures: {
    organisations: organisations.length,
    members: profiles.length,
    articles: writers.length + 20,
    concurrency,
    calls,
    feed: feedLatency,
    dashboard: dashboardLatency,
    signedInFloor: { route: 'GET /me', ...meLatency },
    dashboardsCheckedAgainstRecount: allOrgs.length + calls,
    retriesAfterRetryAfter: retries,
    rebuild,
    seconds: Math.round((Date.now() - started) / 1000),
  },
  ceiling: { getItem: ceiling, note: 'a plain GetItem on the same DynamoDB Local, same concurrency; the faster of a run before and after ours' },
  ratio,
  violations: counted,
});
log(`wrote ${file}: ratio ${ratio}, violations ${JSON.stringify(counted)}`);
await runtime.stop();
process.exit(0);
