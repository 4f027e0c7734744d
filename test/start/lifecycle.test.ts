/**
 * `npm start` as a user runs it: it comes up, serves, keeps its data across a restart, stops on
 * Ctrl-C leaving no process behind, and says clearly what is wrong when it cannot start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalIdentityProvider } from '../../local/local-idp';
import { freePort } from '../../local/processes';
import { projectRoot } from '../../local/runtime';


interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  // Its own process group, so a signal to the group is exactly what Ctrl-C in a terminal sends.
  // As `npm start` runs it: node itself with tsx as a loader, not tsx's CLI, which relays a
  // signal to its child and, when the child has not said it got it within 30 ms (a busy
  // machine), kills it with SIGKILL — the runtime's processes left behind.
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, text: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline || started.child.exitCode !== null) {
      throw new Error(`"${text}" did not appear. Output:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const processesMentioning = (text: string) =>
  spawnSync('pgrep', ['-f', text], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  // Two full starts (each bundles every function and starts a JVM) and two stops: each start must
  // still come up within 60 s; the test as a whole gets room for both.
  it('serves within 60 s, keeps data across a restart, and Ctrl-C leaves nothing behind', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'union-benefits-start-'));
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const env = { DATA_DIR: dataDir, PORT: String(port) };

    const began = Date.now();
    const first = start(env);
    await waitFor(first, 'is running locally');
    expect(Date.now() - began).toBeLessThan(60_000);
    expect((await fetch(`${api}/health`)).status).toBe(200);

    const idp = await LocalIdentityProvider.open(dataDir);
    const token = await idp.issue('local-restart-check');
    const signUp = await fetch(`${api}/members`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Zhao Liu', phone: '13511112222', industry: 'sanitation' }),
    });
    expect(signUp.status).toBe(201);
    const demo = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${await idp.issue('demo-sz-admin')}` } });
    expect(((await demo.json()) as { grants: unknown }).grants).toEqual([{ role: 'admin', organisationId: 'sz' }]);

    expect(processesMentioning(dataDir).length).toBeGreaterThan(0); // DynamoDB Local's JVM
    process.kill(-first.child.pid!, 'SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped.');
    expect(processesMentioning(dataDir)).toEqual([]);
    expect(groupAlive(first.child.pid!)).toBe(false);

    const second = start(env);
    await waitFor(second, 'is running locally');
    expect(second.output()).not.toContain('Seeded the demo'); // seeded once, kept
    const me = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { member: unknown }).member).toMatchObject({ name: 'Zhao Liu', phoneMasked: '135****2222' });
    process.kill(-second.child.pid!, 'SIGTERM');
    expect(await second.exited).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 180_000);

  it('says which port is taken and how to choose another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const dataDir = mkdtempSync(path.join(tmpdir(), 'union-benefits-port-'));
    try {
      const started = start({ DATA_DIR: dataDir, PORT: String(port) });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`Port ${port} (the local API) is already in use`);
      expect(started.output()).toContain('PORT=<port>');
      expect(processesMentioning(dataDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('says that Java is missing when it is', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'union-benefits-nojava-'));
    const started = start({ DATA_DIR: dataDir, PORT: String(await freePort()), PATH: '/nonexistent' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('Java was not found');
  });
});
