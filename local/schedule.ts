/**
 * `npm run schedule -- <name> [--at <ISO time>]`: runs one of the manifest's schedules (subsidyCycles,
 * payoutBatcher, payoutReconciler, couponRelease, …) now, on the runtime `npm start` is running
 * on DATA_DIR (default .data/), with the event EventBridge Scheduler would send for that time,
 * and prints what the function returned. What it queues is consumed by the runtime as usual.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pidAlive } from './data-dir';
import { controlFileOf, type ControlFile } from './scheduler';

const usage = 'Usage: npm run schedule -- <name> [--at <ISO time>]   e.g. npm run schedule -- subsidyCycles --at 2026-12-01T00:10:00+08:00';
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(projectRoot, '.data'));

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let name: string | undefined;
let at: string | undefined;
try {
  const { values, positionals } = parseArgs({ options: { at: { type: 'string' } }, allowPositionals: true, strict: true });
  [name] = positionals;
  at = values.at;
  if (positionals.length > 1) throw new Error(`one schedule at a time, not ${positionals.join(' ')}`);
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
if (at !== undefined && Number.isNaN(new Date(at).getTime())) fail(`--at "${at}" is not an ISO 8601 time\n${usage}`, 2);

let control: ControlFile;
try {
  control = JSON.parse(readFileSync(controlFileOf(dataDir), 'utf8')) as ControlFile;
} catch {
  fail(`No runtime is running on ${dataDir}: start one with npm start (or set DATA_DIR to the folder it runs on).`);
}
if (!pidAlive(control.pid)) fail(`The runtime that ran on ${dataDir} (pid ${control.pid}) is gone: start one with npm start.`);

const headers = { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' };
if (!name) {
  const { schedules } = (await (await fetch(`${control.url}/schedules`, { headers })).json()) as { schedules: string[] };
  fail(`${usage}\nSchedules: ${schedules.join(', ')}`, 2);
}
const response = await fetch(`${control.url}/schedules/${encodeURIComponent(name)}`, {
  method: 'POST',
  headers,
  body: JSON.stringify(at === undefined ? {} : { at }),
});
const answer = (await response.json()) as { error?: string; schedules?: string[] };
if (!response.ok) fail(`${answer.error ?? response.statusText}${answer.schedules ? `\nSchedules: ${answer.schedules.join(', ')}` : ''}`);
console.log(JSON.stringify(answer, null, 2));
