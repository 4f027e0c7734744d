/** Shared by the benchmarks: their numeric command-line options, a quiet local runtime (no demo, no logs) with a document client, and a POST as the app makes it. */
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { startRuntime, type RuntimeOptions } from '../local/runtime';
import type { MemberProfile } from '../shared/accounts/account';
import { memberIndexKeys, profileKey } from '../shared/accounts/keys';
import { measure } from './report';

/** `--name <n>` options, each with its default: `numericOptions({ members: 2000 })` → `{ members }`. */
export function numericOptions<const O extends Record<string, number>>(defaults: O): { [K in keyof O]: number } {
  const options = Object.fromEntries(Object.entries(defaults).map(([name, value]) => [name, { type: 'string' as const, default: String(value) }]));
  const { values } = parseArgs({ options, strict: false });
  return Object.fromEntries(Object.keys(defaults).map((name) => [name, Number(values[name])])) as { [K in keyof O]: number };
}

/** The whole local runtime in memory, without the demo and with its logs dropped (unless `options` say otherwise). */
export async function quietRuntime(options: RuntimeOptions = {}) {
  const runtime = await startRuntime({
    port: 0,
    inMemory: true,
    dataDir: mkdtempSync(path.join(tmpdir(), 'union-benefits-bench-')),
    seedDemo: false,
    log: () => {},
    logLevel: 'WARN',
    functionOutput: new Writable({ write: (_c, _e, done) => done() }),
    ...options,
  });
  const documents = DynamoDBDocumentClient.from(runtime.dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  return { runtime, documents };
}

/**
 * A call as the mobile app makes it: its headers (the same Idempotency-Key each time), and on
 * 429/503 with Retry-After the same again after that long plus up to a second of jitter (phones
 * spread their retries), at most `retries` times; `onRetry` counts them. Answers the last response.
 */
export async function sendAsTheApp<B>(url: string, init: { method: string; headers: Record<string, string>; body?: string }, retries: number, onRetry: () => void): Promise<{ status: number; body: B }> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, init);
    const text = await response.text();
    const body = (text ? JSON.parse(text) : undefined) as B;
    const retryAfter = Number(response.headers.get('retry-after'));
    if ((response.status === 429 || response.status === 503) && retryAfter > 0 && attempt < retries) {
      onRetry();
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + Math.random() * 1000));
      continue;
    }
    return { status: response.status, body };
  }
}

/** A POST with no body, as the app sends a claim or a sign-up (see sendAsTheApp). */
export const postAsTheApp = <B>(url: string, headers: Record<string, string>, retries: number, onRetry: () => void) =>
  sendAsTheApp<B>(url, { method: 'POST', headers }, retries, onRetry);

/** Writes the members' accounts (profile and union index keys) straight to the table, 25 to a request, 16 requests at once. */
export async function seedMembers(documents: DynamoDBDocumentClient, accountsTable: string, profiles: MemberProfile[]): Promise<void> {
  const items = profiles.map((member) => ({ ...profileKey(member.userId), ...memberIndexKeys(member.membership!.orgPath, member.userId), ...member }));
  await measure(Math.ceil(items.length / 25), 16, async (i) => {
    await documents.send(new BatchWriteCommand({ RequestItems: { [accountsTable]: items.slice(i * 25, i * 25 + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  });
}
