/**
 * No phone or ID-card number in clear anywhere the system keeps or emits text: every item of every
 * table, every message still in every queue and dead-letter queue, the whole function log, and the
 * sample events in events/. Runs last in the e2e tier (vitest.config.ts's sequencer puts it there),
 * so the tables, queues and log hold what every other e2e file sent through every route.
 *
 * What it looks for:
 *  - every number the tests made up (test/support/phones.ts and resident-ids.ts note each one in
 *    the runtime's data directory) and the demo seed's (local/demo.ts), anywhere, even inside a
 *    longer word or key;
 *  - anything shaped like one, standing alone: an 11-digit mainland mobile number (1[3-9]…, with
 *    or without +86) and an 18-character GB 11643 ID with a real region, birth date and check
 *    character — numbers from literals in tests, fuzzers or the seed that nobody noted.
 * Masked forms (138****8001, 4401**********123X) and HMAC hashes (hex) match neither.
 *
 * Queues are read through fauxqs's inspection endpoint (/_fauxqs/queues): it lists ready, delayed
 * and in-flight messages without receiving them, so no receive count moves and nothing is hidden
 * from the consumers still running.
 *
 * The sample events of the three routes that take a number as input (sign-up, profile change,
 * verification) necessarily carry one in their request body: those bodies are inputs, and are
 * left out; the rest of those events and every other event are scanned.
 */
import { DynamoDBClient, ListTablesCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { demoPersonalNumbers } from '../../local/demo';
import { localCredentials, localRegion } from '../../local/dynamodb-local';
import { projectRoot } from '../../local/runtime';
import { parseResidentId } from '../../shared/identity/resident-id';
import { functions, system } from '../../shared/manifest';
import { entryOf } from '../../shared/system';
import { notedNumbers } from '../support/personal-numbers';
import { recordChecks } from '../support/reliability';
import '../support/provided';

/** One place text was read from, e.g. `table accounts`, `queue payoutBatches-dlq`, `log`, `events/x.json`. */
interface Source {
  name: string;
  /** Its items, messages or lines, one a line. */
  text: string;
  /** How many items, messages or files it stands for (the tally's checks). */
  count: number;
}

interface Finding {
  source: string;
  value: string;
  /** A few characters either side, with the number itself masked, so the report leaks nothing either. */
  context: string;
}

// Standing alone: not inside a longer run of letters or digits (a hash, an id, a longer number).
const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?(1[3-9]\d{9})(?![0-9A-Za-z])/g;
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])/g;

/** Routes whose request body is the member typing her number: their sample events' bodies are inputs. */
const NUMBER_INPUT_ROUTES = ['memberRegister', 'profileUpdate', 'identityVerify'] satisfies (keyof typeof functions)[];

const masked = (value: string) => `${value.slice(0, 3)}…${value.slice(-2)}`;
/** Context around a finding with every run of digits long enough to be part of a number cut short. */
const maskedDigits = (text: string) => text.replace(/\d{6,}[\dXx]*/g, (run) => `${run.slice(0, 3)}…`);

function find(source: Source, known: string[]): Finding[] {
  const findings: Finding[] = [];
  const add = (value: string, at: number) => {
    const before = source.text.slice(Math.max(0, at - 40), at);
    const after = source.text.slice(at + value.length, at + value.length + 40);
    findings.push({ source: source.name, value: masked(value), context: `${maskedDigits(before)}[${masked(value)}]${maskedDigits(after)}` });
  };
  const upper = source.text.toUpperCase();
  const seen = new Set<number>();
  for (const value of known) {
    for (let at = upper.indexOf(value); at >= 0; at = upper.indexOf(value, at + 1)) {
      seen.add(at);
      add(value, at);
    }
  }
  for (const match of source.text.matchAll(MOBILE)) {
    const at = match.index + match[0].length - match[1]!.length;
    if (!seen.has(at)) add(match[1]!, at);
  }
  for (const match of source.text.matchAll(ID_NUMBER)) {
    // Only a number that is an ID: a real region and birth date and the right check character.
    if (!seen.has(match.index) && !('problem' in parseResidentId(match[1]!))) add(match[1]!, match.index);
  }
  return findings;
}

async function tableSources(): Promise<Source[]> {
  const client = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: localRegion, credentials: localCredentials });
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  const sources: Source[] = [];
  for (const name of names) {
    // Items in DynamoDB's own JSON: a number attribute is a string there, found like any other.
    const items: unknown[] = [];
    for await (const page of paginateScan({ client }, { TableName: name, ConsistentRead: true })) items.push(...(page.Items ?? []));
    sources.push({ name: `table ${name}`, text: items.map((item) => JSON.stringify(item)).join('\n'), count: items.length });
  }
  client.destroy();
  return sources;
}

interface InspectedQueue {
  name: string;
  messages: Record<'ready' | 'delayed' | 'inflight', unknown[]>;
}

async function queueSources(): Promise<{ sources: Source[]; queues: string[] }> {
  const endpoint = inject('sqsEndpoint');
  const list = (await (await fetch(`${endpoint}/_fauxqs/queues`)).json()) as { name: string }[];
  const sources: Source[] = [];
  for (const { name } of list) {
    const queue = (await (await fetch(`${endpoint}/_fauxqs/queues/${encodeURIComponent(name)}`)).json()) as InspectedQueue;
    const messages = [...queue.messages.ready, ...queue.messages.delayed, ...queue.messages.inflight];
    sources.push({ name: `queue ${name}`, text: messages.map((message) => JSON.stringify(message)).join('\n'), count: messages.length });
  }
  return { sources, queues: list.map((queue) => queue.name) };
}

function eventSources(): Source[] {
  const dir = path.join(projectRoot, 'events');
  const inputs = new Set(NUMBER_INPUT_ROUTES.map((name) => path.basename(entryOf(name), '.ts') + '.json'));
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      if (!inputs.has(file)) return { name: `events/${file}`, text, count: 1 };
      const { body: _input, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return { name: `events/${file} (without its request body)`, text: JSON.stringify(rest), count: 1 };
    });
}

describe('personal numbers in clear', () => {
  it('are nowhere in the tables, queues, function log or sample events after every other e2e file ran', async () => {
    const known = [
      ...notedNumbers(inject('runtimeDataDir')).map((noted) => noted.value),
      ...Object.values(demoPersonalNumbers).flatMap((numbers) => Object.values(numbers) as string[]),
    ].map((value) => value.toUpperCase());

    const tables = await tableSources();
    const { sources: messages, queues } = await queueSources();
    const logText = readFileSync(inject('runtimeLogFile'), 'utf8');
    const log: Source = { name: 'function log', text: logText, count: logText.split('\n').length };
    const events = eventSources();

    // The scan saw what it should have: every table and every queue with its dead-letter queue.
    for (const table of Object.keys(system.tables)) expect(tables.map((source) => source.name), `table ${table} scanned`).toContain(`table ${table}`);
    for (const queue of Object.keys(system.queues)) expect(queues, `queue ${queue} and its dead-letter queue inspected`).toEqual(expect.arrayContaining([queue, `${queue}-dlq`]));
    expect(log.text.length).toBeGreaterThan(0);

    const sources = [...tables, ...messages, log, ...events];
    const findings = sources.flatMap((source) => find(source, known));
    const scanned = sources.reduce((total, source) => total + source.count, 0);
    recordChecks('no phone or ID number in clear (tables, queues, logs, events)', scanned, findings.length);
    const report = findings.slice(0, 20).map((finding) => `${finding.source}: ${finding.value} in …${finding.context}…`);
    expect(report, `${findings.length} personal numbers in clear (${known.length} known numbers; ${scanned} items, messages, log lines and files scanned)`).toEqual([]);
  });
});
