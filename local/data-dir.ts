/**
 * The local data folder (default .data/): what lives there, who may use it, and starting clean.
 *
 *   dynamodb/               DynamoDB Local's tables                      } state: kept across
 *   fauxqs/                 queues, messages and S3 objects (SQLite)     } restarts, removed by
 *   payment-provider.jsonl  the local payment provider's ledger          } `npm start -- --fresh`
 *   local-idp-key.json      the local identity provider's signing key    } configuration: kept,
 *   local-secrets.json      what Secrets Manager holds on AWS            } also by --fresh
 *   local-beacon.json       the local beacon's key, genesis and clock    }
 *   runtime.lock            the runtime using the folder now (its pid)
 *   runtime.json            where `npm run seed` finds the running runtime
 *
 * One runtime at a time: two DynamoDB Locals or two fauxqs on the same files would each think
 * they own them. The lock is a file created exclusively, holding the owner's pid; a lock whose
 * pid is gone (the runtime was killed) is taken over, together with the DynamoDB Local that a
 * killed runtime may have left running on the folder.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LocalRuntimeError, sleep } from './processes';

/** The parts of the data folder that are the system's state: what `--fresh` removes. */
export const statePaths = ['dynamodb', 'fauxqs', 'payment-provider.jsonl', 'runtime.json'] as const;

export const dataPaths = (dataDir: string) => ({
  dynamodb: path.join(dataDir, 'dynamodb'),
  fauxqs: path.join(dataDir, 'fauxqs'),
  paymentLedger: path.join(dataDir, 'payment-provider.jsonl'),
  lock: path.join(dataDir, 'runtime.lock'),
});

interface LockContent {
  pid: number;
  token: string;
  startedAt: string;
  /** DynamoDB Local's JVM, which outlives a runtime killed with SIGKILL. */
  dynamodbPid?: number;
}

export interface DataDirLock {
  file: string;
  /** Records the DynamoDB Local child, so a runtime that takes over a stale lock can stop it. */
  setDynamodbPid(pid: number | undefined): void;
  release(): void;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function readLock(file: string): LockContent | undefined {
  try {
    const content = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof content.pid === 'number' ? (content as LockContent) : undefined;
  } catch {
    return undefined;
  }
}

/** The command line of a process, or undefined when it is gone or cannot be read. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    const ps = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 ? ps.stdout.trim() : undefined;
  }
}

/** Stops a DynamoDB Local a killed runtime left running on this folder (only if it still is one). */
async function stopOrphanedDynamoDb(pid: number, dynamodbDir: string, log: (line: string) => void) {
  if (!pidAlive(pid) || !commandLine(pid)?.includes(dynamodbDir)) return;
  log(`Stopping DynamoDB Local (pid ${pid}), left running by a runtime that was killed.`);
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5000 && pidAlive(pid); waited += 100) await sleep(100);
  if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Takes the data folder for this process, or says who has it. */
export async function lockDataDir(dataDir: string, log: (line: string) => void = () => {}): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const { lock: file, dynamodb } = dataPaths(dataDir);
  const content: LockContent = { pid: process.pid, token: randomUUID(), startedAt: new Date().toISOString() };

  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
    }
    let holder = readLock(file);
    if (!holder) {
      // Being written this very moment, or left half-written: look again before calling it stale.
      await sleep(200);
      holder = readLock(file);
    }
    if (holder && pidAlive(holder.pid)) {
      throw new LocalRuntimeError(
        [
          `Another local runtime (pid ${holder.pid}${holder.pid === process.pid ? ', this process' : ''}, started ${holder.startedAt}) is using the data folder ${dataDir}.`,
          'Stop it first (Ctrl-C where it runs), or give this one its own folder with DATA_DIR=<path>.',
          `If no runtime is running, delete ${file}.`,
        ].join('\n'),
      );
    }
    // Stale: its runtime is gone. Its DynamoDB Local may not be.
    if (holder?.dynamodbPid) await stopOrphanedDynamoDb(holder.dynamodbPid, dynamodb, log);
    if (holder) log(`Taking over the data folder from runtime pid ${holder.pid}, which is no longer running.`);
    rmSync(file, { force: true });
  }

  const releaseOnExit = () => release();
  const release = () => {
    process.removeListener('exit', releaseOnExit);
    // Only our own lock: never one another runtime took over after us.
    if (readLock(file)?.token === content.token) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', releaseOnExit);
  return {
    file,
    setDynamodbPid: (pid) => {
      content.dynamodbPid = pid;
      if (readLock(file)?.token === content.token) writeFileSync(file, JSON.stringify(content));
    },
    release,
  };
}

/** Removes the system's state from the folder (tables, queues, objects, the provider's ledger); true if there was any. */
export function removeState(dataDir: string): boolean {
  const present = statePaths.map((entry) => path.join(dataDir, entry)).filter((entry) => existsSync(entry));
  for (const entry of present) rmSync(entry, { recursive: true, force: true });
  return present.length > 0;
}
