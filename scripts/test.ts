/**
 * `npm test`, the README's test command and CI's: every tier, in lanes that keep both cores busy.
 *
 * The end-to-end tier runs its files one after another against one local runtime, and one request
 * at a time leaves a core idle; so the checks that need no shared runtime (typecheck, unit, infra,
 * integration, and `npm start` started and stopped as a process) run beside it, in a second
 * vitest. The runtime tier (whose tests time throttles, timeouts and redeliveries) and then the
 * browser tier (which times a render) run after, each with the machine to itself.
 *
 *   lane 1: vitest --project e2e                                         ┐ side by side
 *   lane 2: tsc, console typecheck, vitest unit/infra/integration/start  ┘
 *   then:   vitest --project runtime
 *   then:   the browser tier (npm run test:browser)
 *
 * Every vitest tallies into one reliability file; the table is printed once, at the end of the
 * vitest lanes, and a violation fails the run as a failed test does. A type error stops the other
 * lane at once; a failed test lets it finish (its failures are worth seeing too) and skips the
 * tiers after. Lane 1 is printed as it runs; lane 2's output as one block when it ends.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { reliabilityTable } from '../test/support/reliability-reporter';
import type { Tally } from '../test/support/reliability';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const resultsFile = path.join(mkdtempSync(path.join(tmpdir(), 'union-benefits-reliability-')), 'results.jsonl');
const env = { ...process.env, RELIABILITY_RESULTS: resultsFile, RELIABILITY_DEFERRED: '1', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' };

interface Step {
  name: string;
  command: string;
  args: string[];
  /** Its failure stops the other lanes (nothing after it can be trusted). */
  stopsOthers?: boolean;
}
const vitest = (...projects: string[]): Step => ({ name: `vitest ${projects.join(', ')}`, command: bin('vitest'), args: ['run', ...projects.flatMap((p) => ['--project', p])] });

const running = new Set<ReturnType<typeof spawn>>();
let stopping = false;

/** Runs the steps one after another; `live` prints their output as it comes, otherwise it is kept and returned. */
async function lane(name: string, steps: Step[], live: boolean): Promise<{ name: string; ok: boolean; seconds: number; output: string[] }> {
  const started = Date.now();
  const output: string[] = [];
  for (const step of steps) {
    if (stopping) return { name, ok: false, seconds: (Date.now() - started) / 1000, output };
    const child = spawn(step.command, step.args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    const collect = (stream: NodeJS.ReadableStream) =>
      createInterface({ input: stream }).on('line', (line) => (live ? console.log(line) : output.push(line)));
    collect(child.stdout!);
    collect(child.stderr!);
    const code = await new Promise<number>((resolve) => child.on('close', (status) => resolve(status ?? 1)));
    running.delete(child);
    if (code !== 0) {
      output.push(`✗ ${step.name} failed (exit ${code})`);
      if (step.stopsOthers && !stopping) stopOthers();
      return { name, ok: false, seconds: (Date.now() - started) / 1000, output };
    }
  }
  return { name, ok: true, seconds: (Date.now() - started) / 1000, output };
}

function stopOthers() {
  stopping = true;
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGTERM'); // the whole group: vitest, its workers and the runtimes they started
    } catch {
      // already gone
    }
  }
}

// Ctrl-C or CI's stop reaches the lanes too (each runs in its own process group).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopOthers();
    process.exit(130);
  });
}

function printBlock(result: Awaited<ReturnType<typeof lane>>) {
  console.log(`\n── ${result.name}: ${result.ok ? 'passed' : 'FAILED'} in ${result.seconds.toFixed(0)} s ──`);
  for (const line of result.output) console.log(line);
}

/** The one reliability table of the whole run, from every lane's tallies and test counts. */
function reliabilityReport(): boolean {
  const lines = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean) : [];
  const records = lines.map((line) => JSON.parse(line) as Tally | { tests: { total: number; failed: number } });
  const tallies = records.filter((r): r is Tally => 'invariant' in r);
  const tests = records.filter((r): r is { tests: { total: number; failed: number } } => 'tests' in r).reduce((sum, r) => ({ total: sum.total + r.tests.total, failed: sum.failed + r.tests.failed }), { total: 0, failed: 0 });
  const table = reliabilityTable(tallies, tests);
  console.log(`\n${table.lines.join('\n')}\n`);
  return table.violations === 0;
}

const timings: string[] = [];
const started = Date.now();
const laneSteps = {
  e2e: [vitest('e2e')],
  checks: [
    { name: 'tsc', command: bin('tsc'), args: ['--noEmit'], stopsOthers: true },
    { name: 'console typecheck', command: 'npm', args: ['run', '-s', 'console:typecheck'], stopsOthers: true },
    vitest('unit', 'infra', 'integration', 'start'),
  ],
};
console.log('Lanes side by side: [vitest e2e] and [tsc, console typecheck, vitest unit/infra/integration/start]; then runtime, then browser.');
const checks = lane('typecheck, unit, infra, integration, start', laneSteps.checks, false).then((result) => (printBlock(result), result));
const e2e = lane('e2e', laneSteps.e2e, true);
const firstLanes = await Promise.all([e2e, checks]);
printBlock(firstLanes[0]); // its output was printed live: what is left is the verdict
timings.push(...firstLanes.map((r) => `${r.name} ${r.seconds.toFixed(0)} s`));
let ok = firstLanes.every((r) => r.ok);

if (ok) {
  const runtime = await lane('runtime', [vitest('runtime')], true);
  timings.push(`runtime ${runtime.seconds.toFixed(0)} s`);
  for (const line of runtime.output) console.log(line);
  ok = runtime.ok;
}
// A lane stopped half-way tallied half its checks: no table rather than a misleading one.
if (!stopping) ok = reliabilityReport() && ok;

if (ok) {
  const browser = await lane('browser', [{ name: 'browser tier', command: 'npm', args: ['run', '-s', 'test:browser'] }], true);
  timings.push(`browser ${browser.seconds.toFixed(0)} s`);
  for (const line of browser.output) console.log(line);
  ok = browser.ok;
}
console.log(`\nnpm test ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s (${timings.join('; ')})`);
process.exit(ok ? 0 : 1);
