/**
 * What each function's bundle carries must match what its manifest entry declares, both ways:
 * the bundle (esbuild's metafile, built as CDK builds it) names every project module it holds,
 * and the configuration those modules read at load — `tableName('x')`, `queueUrl('x')`,
 * `bucketName('x')`, a secret's variable — is what the function needs. A function that needs a
 * table, queue, bucket or secret its entry does not declare would fail its cold start (and IAM
 * would refuse it); one that declares what none of its code reads is granted and carries too
 * much. SDK clients follow the same rule: S3 (the presigner) only with a bucket, SQS only with a queue to send to,
 * Secrets Manager only with a secret.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, type BuiltBundle } from '../../bench/bundles';
import { system } from '../../shared/manifest';
import { commonProblemCodes } from '../../shared/http/problem';
import { settingVariables, tablesOf, type FunctionSpec } from '../../shared/system';

const projectRoot = path.resolve(import.meta.dirname, '../..');
let bundles: Record<string, BuiltBundle>;

beforeAll(async () => {
  const entries = Object.fromEntries(Object.entries(system.functions).map(([name, spec]) => [name, spec.entry]));
  bundles = await buildBundles(projectRoot, entries, path.join(projectRoot, '.local', 'bundle-test'));
}, 120_000);

interface Needs {
  tables: Set<string>;
  queues: Set<string>;
  buckets: Set<string>;
  secrets: Set<string>;
  settings: Set<string>;
  clients: Set<string>;
  /** Problem codes whose Chinese message the bundle carries (`inChinese({…})` in its modules). */
  chinese: Set<string>;
}

/** What a bundle's own modules read from configuration, and which SDK clients it holds. */
export function needsOf(bundle: BuiltBundle): Needs {
  const needs: Needs = { tables: new Set(), queues: new Set(), buckets: new Set(), secrets: new Set(), settings: new Set(), clients: new Set(), chinese: new Set() };
  for (const input of Object.keys(bundle.metafile.inputs)) {
    const client = /node_modules\/@aws-sdk\/client-(dynamodb|sqs|s3|secrets-manager)\//.exec(input);
    if (client) needs.clients.add(client[1]!);
    // S3 is only ever presigned, by our own signer rather than the S3 client.
    if (input === 'shared/aws/s3.ts') needs.clients.add('s3');
    // Definitions (resources.ts and system.ts name every variable) are not reads.
    if (input.includes('node_modules') || !/^(shared|functions)\//.test(input) || input === 'shared/resources.ts' || input === 'shared/system.ts') continue;
    const source = readFileSync(path.join(projectRoot, input), 'utf8');
    for (const [, block] of source.matchAll(/inChinese\(\{([^}]*)\}\)/g)) {
      for (const [, code] of block!.matchAll(/^\s*([A-Z_]+):/gm)) needs.chinese.add(code!);
    }
    for (const [, kind, name] of source.matchAll(/\b(tableName|queueUrl|bucketName)\('(\w+)'\)/g)) {
      needs[kind === 'tableName' ? 'tables' : kind === 'queueUrl' ? 'queues' : 'buckets'].add(name!);
    }
    for (const [secret, definition] of Object.entries(system.secrets)) {
      if (source.includes(definition.arnEnvVar)) needs.secrets.add(secret);
    }
    for (const [setting, variable] of Object.entries(settingVariables)) {
      if (source.includes(`'${variable}'`) || source.includes(`.${variable}`)) needs.settings.add(setting);
    }
  }
  return needs;
}

describe('function bundles', () => {
  it.each(Object.keys(system.functions))('%s carries exactly what its entry declares', (name) => {
    const spec: FunctionSpec = system.functions[name as keyof typeof system.functions];
    const needs = needsOf(bundles[name]!);
    const sends = new Set(spec.sendsTo ?? []);
    expect({
      tables: [...needs.tables].sort(),
      queues: [...needs.queues].sort(),
      buckets: [...needs.buckets].sort(),
      secrets: [...needs.secrets].sort(),
      settings: [...needs.settings].sort(),
    }).toEqual({
      tables: Object.keys(tablesOf(spec)).sort(),
      queues: [...sends].sort(),
      buckets: Object.keys(spec.buckets ?? {}).sort(),
      secrets: [...(spec.secrets ?? [])].sort(),
      settings: [...(spec.settings ?? [])].sort(),
    });
    // Clients only where something of theirs is declared.
    expect(needs.clients.has('s3')).toBe(needs.buckets.size > 0);
    expect(needs.clients.has('sqs')).toBe(sends.size > 0);
    expect(needs.clients.has('secrets-manager')).toBe((spec.secrets ?? []).length > 0);
    expect(needs.clients.has('dynamodb')).toBe(Object.keys(tablesOf(spec)).length > 0);
  });

  it.each(Object.keys(system.functions).filter((name) => system.functions[name as keyof typeof system.functions].trigger.kind === 'http'))(
    '%s carries the Chinese message of every problem code its route declares, and not every message',
    (name) => {
      const spec: FunctionSpec = system.functions[name as keyof typeof system.functions];
      const needs = needsOf(bundles[name]!);
      const declared = Object.keys({ ...commonProblemCodes, ...(spec.trigger.kind === 'http' && spec.trigger.errors) });
      expect(declared.filter((code) => !needs.chinese.has(code))).toEqual([]);
      // One capability's routes do not carry the messages of every other's.
      expect(needs.chinese.size).toBeLessThan(60);
    },
  );

  it('sees a missing declaration: the withdraw route needs the organisations table its store reads', () => {
    // The bug that answered 500 to every withdrawal: its store needs both tables.
    const needs = needsOf(bundles.membershipRequestWithdraw!);
    expect(needs.tables).toContain('organisations');
    expect(tablesOf(system.functions.membershipRequestWithdraw)).toHaveProperty('organisations');
  });
});
