/**
 * No credential in the repository or in what it deploys, and every store of data encrypted.
 *
 * The tracked tree (`git ls-files`) and the synthesised CloudFormation templates of both stages
 * are searched for AWS access key ids, private keys, secret access keys and passwords written in
 * clear, and a few well-known token formats. The local and test fakes that look like credentials
 * are allowed by name, each with its reason; anything else found fails. Then every DynamoDB
 * table, SQS queue and S3 bucket of the templates must be encrypted at rest.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/app';
import type { Stage } from '../../infra/stages';
import { system } from '../../shared/manifest';
import { synth, synthesised } from '../infra/synth';
import { recordChecks } from '../support/reliability';

interface Finding {
  where: string;
  kind: string;
  text: string;
}

const detectors: { kind: string; pattern: RegExp }[] = [
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g },
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/g },
  // A literal value: quoted in code, or bare in an env, ini or shell file (a type or a reference is no secret).
  { kind: 'AWS secret access key', pattern: /(?:aws_secret_access_key|secretAccessKey)["']?\s*[:=]\s*["'][^"'\s]+["']/gi },
  { kind: 'AWS secret access key', pattern: /^\s*(?:export\s+)?aws_secret_access_key\s*=\s*[^\s"'$]+/gim },
  { kind: 'password in clear', pattern: /\b(?:password|passwd|pwd)["']?\s*[:=]\s*["'][^"'\s]{3,}["']/gi },
  { kind: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g },
  { kind: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'Stripe live key', pattern: /\b[sr]k_live_[0-9a-zA-Z]{20,}/g },
];

/**
 * Fakes that look like credentials, each allowed for a reason. A finding is allowed when its
 * file matches `file` and its text matches `text`.
 */
const allowed: { file: RegExp; text: RegExp; reason: string }[] = [
  {
    file: /^local\/dynamodb-local\.ts$/,
    text: /^secretAccessKey: 'local'$/,
    reason: "DynamoDB Local and fauxqs take any key: the local runtime signs with the fake key 'local'",
  },
  {
    file: /^bench\/coldstart\.ts$/,
    text: /^AWS_SECRET_ACCESS_KEY: 'bench'$/,
    reason: 'the cold-start bench loads handlers with no AWS behind them: a fake so the SDK finds some credentials',
  },
  {
    file: /^test\/reliability\/secrets\.test\.ts$/,
    text: /./,
    reason: "this file's own patterns and allow-list",
  },
];

function findingsIn(where: string, text: string): Finding[] {
  return detectors.flatMap(({ kind, pattern }) => [...text.matchAll(pattern)].map((match) => ({ where, kind, text: match[0] })));
}

const isAllowed = (finding: Finding) => allowed.some((rule) => rule.file.test(finding.where) && rule.text.test(finding.text));

const tally = { scanned: 0, findings: 0, refused: 0, stores: 0, unencrypted: 0 };

afterAll(() => {
  recordChecks('credential-like strings allowed as fakes', tally.findings - tally.refused, 0, { measure: true });
  recordChecks('no credential in clear (files and templates)', tally.scanned, tally.refused);
  recordChecks('every table, queue and bucket encrypted', tally.stores, tally.unencrypted);
});

describe('the detectors', () => {
  it('find each kind of credential they look for', () => {
    // Put together at run time, so that no sample stands in this file as it would in a leak.
    const samples = [
      `const id = '${'AKIA'}${'Z7QXWJ3K5N2M4P6R'}';`,
      `${'-----BEGIN '}OPENSSH PRIVATE KEY-----`,
      `${'aws_secret_access_key'} = wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz`,
      `{ ${'secretAccessKey'}: "wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzzzzzzzz" }`,
      `db.connect({ ${'password'}: 'hunter22' })`,
    ];
    expect(samples.map((sample) => findingsIn('sample', sample).length > 0)).toEqual(samples.map(() => true));
    expect(findingsIn('sample', 'credentials: { accessKeyId: string; secretAccessKey: string }')).toEqual([]);
  });

  it('tell an unencrypted queue or bucket, or a table with encryption off', () => {
    expect(encrypted({ Type: 'AWS::SQS::Queue', Properties: {} })).toBe(false);
    expect(encrypted({ Type: 'AWS::S3::Bucket', Properties: {} })).toBe(false);
    expect(encrypted({ Type: 'AWS::DynamoDB::GlobalTable', Properties: { SSESpecification: { SSEEnabled: false } } })).toBe(false);
  });
});

describe('no credentials in the tracked tree', () => {
  it('finds none outside the allowed fakes', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: projectRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const found: Finding[] = [];
    for (const file of files) {
      let content: Buffer;
      try {
        content = readFileSync(path.join(projectRoot, file));
      } catch {
        continue; // listed but removed in the work tree
      }
      if (content.includes(0)) continue; // binary
      tally.scanned++;
      found.push(...findingsIn(file, content.toString('utf8')));
    }
    const refused = found.filter((finding) => !isAllowed(finding));
    tally.findings += found.length;
    tally.refused += refused.length;
    expect(refused).toEqual([]);
  });
});

const stageNames: Stage[] = ['dev', 'prod'];
const templates = stageNames.flatMap((stage) => synthesised(synth(system, stage)).map(({ name, template }) => ({ name: `${stage}/${name}`, template })));

type Resource = { Type: string; Properties?: Record<string, any> };
const resourcesOf = (template: { Resources: Record<string, unknown> }) => Object.entries(template.Resources as Record<string, Resource>);

describe('no credentials in the synthesised templates', () => {
  it.each(templates.map(({ name, template }) => [name, template] as const))('%s', (name, template) => {
    tally.scanned++;
    const found = findingsIn(name, JSON.stringify(template, null, 1));
    tally.findings += found.length;
    tally.refused += found.length;
    expect(found).toEqual([]);
  });
});

/**
 * Encrypted at rest: a bucket with a default encryption rule; a queue with SQS-managed keys or a
 * KMS key. A DynamoDB table is always encrypted at rest: without SSESpecification it is with an
 * AWS owned key, so only a table that turns encryption off (`SSEEnabled: false`) fails.
 */
function encrypted(resource: Resource): boolean {
  const properties = resource.Properties ?? {};
  switch (resource.Type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return properties.SSESpecification?.SSEEnabled !== false;
    case 'AWS::SQS::Queue':
      return properties.SqsManagedSseEnabled === true || properties.KmsMasterKeyId !== undefined;
    case 'AWS::S3::Bucket':
      return (properties.BucketEncryption?.ServerSideEncryptionConfiguration ?? []).some(
        (rule: { ServerSideEncryptionByDefault?: { SSEAlgorithm?: string } }) => rule.ServerSideEncryptionByDefault?.SSEAlgorithm,
      );
    default:
      return true;
  }
}

const storeTypes = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::SQS::Queue', 'AWS::S3::Bucket'];

describe('every store of data is encrypted', () => {
  it('has the tables, queues and buckets of the manifest', () => {
    const stores = templates.filter(({ name }) => name.startsWith('prod/')).flatMap(({ template }) => resourcesOf(template).filter(([, r]) => storeTypes.includes(r.Type)));
    expect(stores.filter(([, r]) => r.Type.startsWith('AWS::DynamoDB::')).length).toBe(Object.keys(system.tables).length);
    expect(stores.filter(([, r]) => r.Type === 'AWS::SQS::Queue').length).toBeGreaterThanOrEqual(Object.keys(system.queues ?? {}).length);
  });

  it.each(templates.map(({ name, template }) => [name, template] as const))('%s', (_name, template) => {
    const unencrypted = resourcesOf(template)
      .filter(([, resource]) => storeTypes.includes(resource.Type))
      .map(([id, resource]) => {
        tally.stores++;
        return encrypted(resource) ? undefined : `${id} (${resource.Type})`;
      })
      .filter(Boolean);
    tally.unencrypted += unencrypted.length;
    expect(unencrypted).toEqual([]);
  });
});
