/**
 * `npm run bench:members [-- --members 100000 --concurrency 16 --calls 2000]`
 *
 * The read paths every capability leans on — "is A under B", "children of X", "member profile",
 * "a page of members under X" — measured with the real store code against DynamoDB Local, on two
 * member bases (a tenth of the size, and the full size) seeded with the same loader as
 * `npm run seed`. The ceiling is a plain GetItem in the same run at the same concurrency. Each
 * path has a fixed bound on the items it may read per call (1 profile, 2 organisations, one
 * page of 50); a path that reads more at either size grows with the data. That count, and wrong
 * answers, must be zero.
 */
import { DynamoDBDocumentClient, GetCommand, BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTables } from '../local/create-tables';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { seedMembers, type SeedPlan } from '../local/seed-data';
import { DynamoAccountStore } from '../shared/accounts/account-store-dynamodb';
import { profileKey } from '../shared/accounts/keys';
import { DynamoMembershipStore } from '../shared/members/membership-store-dynamodb';
import { isWithin, type Organisation } from '../shared/organisations/organisation';
import { DynamoOrganisationStore } from '../shared/organisations/organisation-store-dynamodb';
import { tables } from '../shared/resources';
import { measure, summarise, writeResult, type LatencySummary } from './report';
import { numericOptions } from './runtime';

const { members, concurrency, calls } = numericOptions({ members: 100000, concurrency: 16, calls: 2000 });
const sizes = [Math.max(1000, Math.round(members / 10)), members];

const dynamo = await startDynamoDbLocal();
// Count the items each call reads, from DynamoDB's own answers.
let itemsRead = 0;
const documents = DynamoDBDocumentClient.from(dynamo.client, { marshallOptions: { removeUndefinedValues: true } });
const send = documents.send.bind(documents) as (command: unknown) => Promise<Record<string, unknown>>;
(documents as unknown as { send: typeof send }).send = async (command) => {
  const output = await send(command);
  if (typeof output.ScannedCount === 'number') itemsRead += output.ScannedCount;
  else if (output.Responses) itemsRead += Object.values(output.Responses as Record<string, unknown[]>).reduce((n, items) => n + items.length, 0);
  else if ('Item' in output) itemsRead += output.Item ? 1 : 0;
  return output;
};

type PathName = 'getItem' | 'isUnder' | 'children' | 'memberProfile' | 'membersPage';
const results: Record<string, Record<PathName, LatencySummary & { itemsPerCall: number }>> = {};
let wrongAnswers = 0;

try {
  for (const size of sizes) {
    const prefix = `m${size}`;
    const nameOf = (table: string) => `${prefix}-${table}`;
    await ensureTables(dynamo.client, tables, nameOf);
    const started = Date.now();
    let last = 0;
    const plan: SeedPlan = await seedMembers(
      documents,
      { accounts: nameOf('accounts'), organisations: nameOf('organisations') },
      {
        to: size,
        piiKey: 'bench-key-bench-key-bench-key-bench-key',
        concurrency: 16,
        onProgress: (done, total) => {
          if (Date.now() - last < 500 && done < total) return;
          last = Date.now();
          process.stderr.write(`\rseeding ${size} members: ${Math.round((done / total) * 100)}% (${done}/${total} items)   `);
        },
      },
    );
    process.stderr.write(`\rseeded ${size} members and ${plan.organisations.length} organisations in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    const orgs = new DynamoOrganisationStore(documents, nameOf('organisations'));
    const accounts = new DynamoAccountStore(documents, nameOf('accounts'));
    const memberships = new DynamoMembershipStore(documents, { accounts: nameOf('accounts'), organisations: nameOf('organisations') });
    const unions = plan.unions;
    const parents = plan.organisations.filter((o) => o.childCount > 0);
    const cities = plan.organisations.filter((o) => o.kind === 'city');
    const userOf = (i: number) => `local-seed-${(i * 7919) % size}`;
    const orgOf = (i: number) => unions[(i * 104729) % unions.length]!;

    const paths: Record<PathName, (i: number) => Promise<void>> = {
      getItem: async (i) => {
        await documents.send(new GetCommand({ TableName: nameOf('accounts'), Key: profileKey(userOf(i)) }));
      },
      isUnder: async (i) => {
        const a = orgOf(i);
        // Half the time an ancestor of A, half the time an unrelated city.
        const ancestors = a.path.split('/').filter(Boolean).slice(0, -1);
        const ancestorId = i % 2 === 0 ? ancestors[i % ancestors.length]! : cities[(i * 31) % cities.length]!.id;
        const expected = ancestors.includes(ancestorId);
        const { Responses } = await documents.send(
          new BatchGetCommand({
            RequestItems: { [nameOf('organisations')]: { Keys: [{ pk: `ORG#${a.id}`, sk: 'ORG' }, { pk: `ORG#${ancestorId}`, sk: 'ORG' }] } },
          }),
        );
        const found = (Responses?.[nameOf('organisations')] ?? []) as unknown as Organisation[];
        const [orgA, orgB] = [found.find((o) => o.id === a.id)!, found.find((o) => o.id === ancestorId)!];
        if (isWithin(orgA, orgB) !== expected) wrongAnswers++;
      },
      children: async (i) => {
        await orgs.children(parents[(i * 131) % parents.length]!.id, { limit: 50 });
      },
      memberProfile: async (i) => {
        const account = await accounts.load(userOf(i));
        if (!account.member) wrongAnswers++;
      },
      membersPage: async (i) => {
        await memberships.membersUnder(cities[i % cities.length]!.path, { limit: 50 });
      },
    };

    results[size] = {} as (typeof results)[string];
    for (const [name, operation] of Object.entries(paths) as [PathName, (i: number) => Promise<void>][]) {
      await measure(size === sizes[0] ? 1000 : 300, concurrency, operation); // warm-up (the JVM too)
      itemsRead = 0;
      const latencies = await measure(calls, concurrency, operation);
      results[size]![name] = { ...summarise(latencies), itemsPerCall: Math.round((itemsRead / calls) * 100) / 100 };
    }
  }
} finally {
  await dynamo.stop();
}

const [small, large] = sizes.map((s) => results[s]!) as [(typeof results)[string], (typeof results)[string]];
const readPaths: PathName[] = ['isUnder', 'children', 'memberProfile', 'membersPage'];
// What each path may read per call, by design, whatever the number of members.
const bounds: Record<PathName, number> = { getItem: 1, isUnder: 2, children: 50, memberProfile: 1, membersPage: 50 };
const growing = readPaths.filter((p) => small[p].itemsPerCall > bounds[p] || large[p].itemsPerCall > bounds[p]);
const latencyGrowth = Object.fromEntries(readPaths.map((p) => [p, Math.round((large[p].p50Ms / small[p].p50Ms) * 100) / 100]));
const ceiling = { getItemP50Ms: large.getItem.p50Ms, getItemP99Ms: large.getItem.p99Ms };
const ratios = Object.fromEntries(readPaths.map((p) => [p, Math.round((large.getItem.p50Ms / large[p].p50Ms) * 100) / 100]));

console.log(`\nRead paths at concurrency ${concurrency}, ${calls} calls each (latency in ms, items read per call):`);
console.log(`${'path'.padEnd(15)}${sizes.map((s) => `${`${s} members: p50 / p99 / items`.padEnd(40)}`).join('')}ceiling÷ours (p50)`);
for (const p of ['getItem', ...readPaths] as PathName[]) {
  console.log(
    `${p.padEnd(15)}${sizes.map((s) => `${results[s]![p].p50Ms} / ${results[s]![p].p99Ms} / ${results[s]![p].itemsPerCall}`.padEnd(40)).join('')}${p === 'getItem' ? '1 (ceiling)' : ratios[p]}`,
  );
}
const result = {
  name: 'members',
  figures: {
    members: sizes,
    concurrency,
    callsPerPath: calls,
    bySize: results,
    itemsReadBound: bounds,
    ceilingOverOursP50: ratios,
    p50LargeOverSmall: latencyGrowth,
  },
  ceiling,
  ratio: Math.min(...Object.values(ratios)),
  violations: { readPathsGrowingWithMembers: growing.length, wrongAnswers },
};
console.log(`\nratio (worst read path, ceiling p50 ÷ ours): ${result.ratio}; violations: ${JSON.stringify(result.violations)}`);
console.log(`written to ${writeResult(result)}`);
