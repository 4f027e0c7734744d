import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { functions, system } from '../../shared/manifest';
import { checkSystem, tablesOf, type System } from '../../shared/system';
import { environmentOf } from '../../shared/wiring';
import { projectRoot } from '../../local/runtime';

describe('the manifest', () => {
  it('points every function at a handler file and a sample event', () => {
    for (const spec of Object.values(functions)) {
      expect(existsSync(path.join(projectRoot, spec.entry)), spec.entry).toBe(true);
      const sample = path.join(projectRoot, 'events', path.basename(spec.entry).replace(/\.ts$/, '.json'));
      expect(existsSync(sample), sample).toBe(true);
    }
  });

  it('gives role-checked routes the accounts table and mutating routes the idempotency table', () => {
    expect(tablesOf(functions.health)).toEqual({});
    expect(tablesOf(functions.meGet)).toEqual({ accounts: 'read' });
    expect(tablesOf(functions.memberRegister)).toEqual({ accounts: 'read-write', idempotency: 'read-write' });
  });

  it('refuses unknown tables, queues, secrets and duplicate routes, all at once', () => {
    const broken: System = {
      ...system,
      functions: {
        a: { capability: 'platform', entry: 'a.ts', description: '', trigger: { ...functions.health.trigger }, tables: { nowhere: 'read' }, sendsTo: ['void'] },
        b: { capability: 'platform', entry: 'b.ts', description: '', trigger: { ...functions.health.trigger }, secrets: ['none'] },
      },
    };
    expect(() => checkSystem(broken)).toThrow(/unknown table "nowhere"[\s\S]*unknown queue "void"[\s\S]*unknown secret "none"[\s\S]*declared twice/);
  });

  it('derives the environment from the entry alone', () => {
    const env = environmentOf(
      functions.memberRegister,
      system,
      { tableName: (t) => `tbl-${t}`, queueUrl: (q) => `url-${q}`, bucketName: (b) => `bkt-${b}`, secret: (s) => ['PII_HASH_KEY_SECRET_ARN', `arn:${s}`] },
      { stage: 'dev', corsOrigins: '*' },
    );
    expect(env).toMatchObject({
      ACCOUNTS_TABLE_NAME: 'tbl-accounts',
      IDEMPOTENCY_TABLE_NAME: 'tbl-idempotency',
      PII_HASH_KEY_SECRET_ARN: 'arn:piiHashKey',
      STAGE: 'dev',
    });
    expect(env).not.toHaveProperty('ORGANISATIONS_TABLE_NAME');
  });
});
