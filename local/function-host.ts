/**
 * Runs the manifest's functions locally as Lambda would: each handler bundled by esbuild with the
 * deployed settings and run in worker threads (its "containers", Lambda's execution environments)
 * with only the environment its manifest entry gives it.
 *
 * Concurrency, as Lambda does it:
 * - each container runs ONE invocation at a time; an idle container is reused (warm), a new one
 *   is cold-started on demand up to the function's limit (`concurrency` in the manifest, else
 *   `defaultConcurrency`), and all functions together hold at most `maxContainers`;
 * - a function's timeout counts from when its invocation starts in a container; a timed-out
 *   invocation's container is terminated (the next invocation cold-starts a new one);
 * - beyond the limit an invocation may wait briefly for a container (the admission bound below);
 *   beyond that it is refused with `TooManyRequestsException` (Lambda's 429 "Rate Exceeded");
 * - containers idle for `idleTimeoutMs` are terminated, as Lambda recycles idle environments.
 */
import { build } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { esbuildOptions } from '../infra/bundling';
import type { FunctionSpec, System } from '../shared/system';

const workerScript = fileURLToPath(new URL('./lambda-worker.mjs', import.meta.url));

/** Containers a function may run at once locally when its manifest entry names no `concurrency`. */
export const DEFAULT_CONCURRENCY = 4;
/** Containers of all functions together (a laptop's memory: each is a worker thread with its bundle). */
export const DEFAULT_MAX_CONTAINERS = 64;
/** Containers of one function at most on this machine, whatever its deployed concurrency. */
export const DEFAULT_MAX_PER_FUNCTION = 8;
/**
 * The admission bound: when every container of a function is busy, an invocation waits for one
 * at most `maxWaitMs`, and at most `queuePerContainer × limit` invocations wait; beyond either it
 * is throttled. So a throttle is answered at once (queue full) or after 1 s (waited in vain).
 * Cold starts do not count against it (on Lambda the cold start would be the invocation's own):
 * a waiter is refused 1 s after it was queued or after the function's last cold start ended,
 * whichever is later (the init limit bounds a cold start).
 */
export const DEFAULT_ADMISSION = { maxWaitMs: 1_000, queuePerContainer: 8 } as const;
/**
 * Lambda's limit on the init phase (loading the bundle and its top-level code) is 10 s, after
 * which Lambda runs init once more within the invocation's own timeout; so locally a cold start
 * may take 10 s plus the function's timeout before it fails with Runtime.InitError.
 */
const INIT_LIMIT_MS = 10_000;
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;
/** Retry-After never says more than this. */
const MAX_RETRY_AFTER_SECONDS = 30;

export class FunctionError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
    readonly errorStack?: string,
    /** For throttles and timeouts: when a retry has a fair chance (seconds, ≥ 1). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = errorType;
  }
}

export type ThrottleReason = 'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded';

/** Lambda's 429 "Rate Exceeded": the function (or the whole runtime) is at its concurrency limit. */
export class TooManyRequestsError extends FunctionError {
  constructor(
    functionName: string,
    readonly reason: ThrottleReason,
    retryAfterSeconds: number,
  ) {
    super(functionName, 'TooManyRequestsException', 'Rate Exceeded.', undefined, retryAfterSeconds);
  }
}

export const isThrottle = (error: unknown): error is TooManyRequestsError => error instanceof TooManyRequestsError;

type WorkerReply = { id?: string; ready?: boolean; result?: unknown; error?: { name: string; message: string; stack?: string } };

let containerIds = 0;

/** One execution environment: a worker thread that runs one invocation at a time. */
class Container {
  readonly ready: Promise<void>;
  busy = false;
  dead = false;
  /** Its bundle is loaded (the cold start is over). */
  initialized = false;

  /** An invocation is running in it now (not only assigned to it). */
  get running(): boolean {
    return this.current !== undefined;
  }
  invocations = 0;
  lastUsed = Date.now();
  private exitReason?: string;
  private failAfter?: Promise<unknown>;
  private current?: { id: string; resolve(value: unknown): void; reject(error: unknown): void; timer: NodeJS.Timeout };

  constructor(
    readonly id: number,
    private readonly name: string,
    private readonly worker: Worker,
    initLimitMs: number,
    onReady: (container: Container) => void,
    private readonly onDeath: (container: Container) => void,
  ) {
    this.ready = new Promise((resolve, reject) => {
      const initTimer = setTimeout(() => {
        reject(new Error(`Init timed out after ${initLimitMs / 1000} seconds`));
        void this.terminate('init timed out');
      }, initLimitMs);
      worker.on('message', (message: WorkerReply) => {
        if (message.ready) {
          clearTimeout(initTimer);
          this.initialized = true;
          onReady(this);
          resolve();
        }
      });
      worker.once('error', (error) => {
        clearTimeout(initTimer);
        reject(error);
      });
      worker.once('exit', (code) => {
        clearTimeout(initTimer);
        const fail = () => reject(new Error(`${this.exitReason ?? `${name} exited with code ${code}`} during init`));
        if (this.failAfter) void this.failAfter.then(fail);
        else fail();
      });
    });
    this.ready.catch(() => {}); // the invocation that started it reports init errors
    worker.on('message', (message: WorkerReply) => {
      const current = this.current;
      if (!message.id || !current || current.id !== message.id) return;
      this.current = undefined;
      clearTimeout(current.timer);
      if (message.error) current.reject(new FunctionError(name, message.error.name, message.error.message, message.error.stack));
      else current.resolve(message.result);
    });
    worker.on('error', (error) => {
      this.fail(`${name} failed: ${error.message}`);
      this.retire();
    });
    worker.on('exit', (code) => {
      const reason = this.exitReason ?? `${name} exited with code ${code}`;
      if (this.failAfter) void this.failAfter.then(() => this.fail(reason));
      else this.fail(reason);
      this.retire();
    });
  }

  /** Runs one invocation; its timeout starts now, in the container. */
  invoke(event: unknown, timeoutMs: number): Promise<unknown> {
    if (this.current) throw new Error(`container ${this.id} of ${this.name} is already running an invocation`);
    if (this.dead) {
      const exited = new FunctionError(this.name, 'Runtime.ExitError', this.exitReason ?? `${this.name} exited`);
      return (this.failAfter ?? Promise.resolve()).then(() => Promise.reject(exited));
    }
    const id = randomUUID();
    this.invocations++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.current = undefined;
        reject(new FunctionError(this.name, 'Sandbox.Timedout', `Task timed out after ${timeoutMs / 1000} seconds`));
        // Lambda does not reuse an environment whose invocation timed out.
        void this.terminate('timed out');
      }, timeoutMs);
      this.current = { id, resolve, reject, timer };
      this.worker.postMessage({ id, event, requestId: id, deadlineMs: Date.now() + timeoutMs });
    });
  }

  /**
   * Kills the worker. It leaves the pool at once; an invocation in flight fails with
   * Runtime.ExitError when the thread has exited (and `failAfter` has settled, if given).
   */
  terminate(reason = 'killed', failAfter?: Promise<unknown>): Promise<number> {
    this.exitReason ??= `${this.name} ${reason}`;
    this.failAfter ??= failAfter;
    this.retire();
    return this.worker.terminate();
  }

  private fail(reason: string) {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    clearTimeout(current.timer);
    current.reject(new FunctionError(this.name, 'Runtime.ExitError', reason));
  }

  private retire() {
    if (this.dead) return;
    this.dead = true;
    this.onDeath(this);
  }
}

interface Waiter {
  resolve(container: Container): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/** A function's containers and the invocations waiting for one. */
class Pool {
  readonly containers = new Set<Container>();
  /** Idle containers, most recently used last (reused first: the warmest). */
  readonly idle: Container[] = [];
  readonly waiting: Waiter[] = [];
  /** Moving average of how long an invocation runs, for Retry-After. */
  averageMs?: number;
  /** When the last cold start of the pool ended. */
  lastColdStartEnded = 0;
  /** The latest retry time handed out with a throttle (epoch ms): the next caller turned away comes after it. */
  retrySlotAt = 0;

  get coldStarting(): boolean {
    return [...this.containers].some((c) => !c.initialized);
  }

  constructor(
    readonly name: string,
    readonly spec: FunctionSpec,
    readonly limit: number,
    readonly queueBound: number,
  ) {}

  get timeoutMs(): number {
    return (this.spec.timeoutSeconds ?? 10) * 1000;
  }

  record(durationMs: number) {
    this.averageMs = this.averageMs === undefined ? durationMs : 0.8 * this.averageMs + 0.2 * durationMs;
  }
}

export interface FunctionHostOptions {
  system: System;
  projectRoot: string;
  buildDir: string;
  /** The environment of one function (from shared/wiring.ts plus local endpoints). */
  environmentOf(name: string, spec: FunctionSpec): Record<string, string>;
  /** Where the functions' stdout and stderr go (default: this process's own). */
  output?: NodeJS.WritableStream;
  /** Containers per function when its manifest entry names no `concurrency` (default 4). */
  defaultConcurrency?: number;
  /** Containers of one function at most locally (default 8), however large its deployed `concurrency`. */
  maxPerFunction?: number;
  /** Containers of all functions together (default 64); beyond it idle ones of others are recycled. */
  maxContainers?: number;
  /** How long and how many invocations may wait for a busy function's container (see DEFAULT_ADMISSION). */
  admission?: { maxWaitMs?: number; queuePerContainer?: number };
  /** Containers idle this long are terminated (default 10 minutes). */
  idleTimeoutMs?: number;
}

/** What a function's containers are doing, for tests and diagnostics. */
export interface PoolState {
  limit: number;
  /** busy: assigned to an invocation (maybe still cold-starting); running: the invocation is under way. */
  containers: { id: number; busy: boolean; running: boolean; invocations: number }[];
  waiting: number;
}

export class FunctionHost {
  private readonly pools = new Map<string, Pool>();
  private total = 0;
  private stopped = false;
  private pumpScheduled = false;
  private readonly reaper: NodeJS.Timeout;
  private readonly maxWaitMs: number;
  private readonly queuePerContainer: number;
  private readonly maxContainers: number;

  private constructor(private readonly options: FunctionHostOptions) {
    this.maxWaitMs = options.admission?.maxWaitMs ?? DEFAULT_ADMISSION.maxWaitMs;
    this.queuePerContainer = options.admission?.queuePerContainer ?? DEFAULT_ADMISSION.queuePerContainer;
    this.maxContainers = options.maxContainers ?? DEFAULT_MAX_CONTAINERS;
    const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.reaper = setInterval(() => this.reapIdle(idleTimeoutMs), Math.max(1_000, Math.min(60_000, idleTimeoutMs)));
    this.reaper.unref();
  }

  /** Bundles every function of the system, as NodejsFunction would, then returns the host. */
  static async start(options: FunctionHostOptions): Promise<FunctionHost> {
    // A directory of its own (two runtimes of one process, a test's, do not share one), removed on stop.
    mkdirSync(path.dirname(options.buildDir), { recursive: true });
    const buildDir = mkdtempSync(`${options.buildDir}-`);
    const entryPoints = Object.fromEntries(
      Object.entries(options.system.functions).map(([name, spec]) => [name, path.join(options.projectRoot, spec.entry)]),
    );
    // Unminified with linked source maps, so local stack traces read as the source. The modules
    // functions share go into shared chunks: each container (a worker thread) still loads only its
    // own function's modules, each its own copy, but a start writes ~8 MB in ~2 s instead of
    // ~380 MB in over a minute (a hundred whole bundles). What each deployed bundle holds is
    // checked on bundles built as CDK builds them (test/infra/bundles.test.ts).
    await build({ ...esbuildOptions(entryPoints, buildDir), sourcemap: 'linked', minify: false, splitting: true });
    return new FunctionHost({ ...options, buildDir });
  }

  get names(): string[] {
    return Object.keys(this.options.system.functions);
  }

  /**
   * Invokes a function with an event and returns its result. Rejects with FunctionError: the
   * function's own error, `Runtime.InitError`, `Sandbox.Timedout`, `Runtime.ExitError`, or
   * `TooManyRequestsException` (TooManyRequestsError) when the function is at its limit.
   */
  async invoke(name: string, event: unknown): Promise<unknown> {
    const pool = this.pool(name);
    if (this.stopped) throw new FunctionError(name, 'Runtime.ExitError', 'the local runtime is stopping');
    const container = await this.acquire(pool);
    try {
      await container.ready.catch((error: Error) => {
        throw new FunctionError(name, 'Runtime.InitError', error.message, error.stack);
      });
      const started = performance.now();
      try {
        return await container.invoke(event, pool.timeoutMs);
      } catch (error) {
        if (error instanceof FunctionError && error.errorType === 'Sandbox.Timedout') {
          throw new FunctionError(name, error.errorType, error.message, undefined, this.retryAfter(pool));
        }
        throw error;
      } finally {
        pool.record(performance.now() - started);
      }
    } finally {
      this.release(pool, container);
    }
  }

  /** Kills a function's containers mid-work, as a crash or a Lambda recycle would. */
  async kill(name: string): Promise<void> {
    const pool = this.pools.get(name);
    if (!pool) return;
    // The invocations in flight fail once every container is gone, as kill() returns, not one by
    // one while it waits (a caller that awaits kill() before handling them would miss them).
    let allGone!: () => void;
    const gone = new Promise<void>((resolve) => (allGone = resolve));
    await Promise.all([...pool.containers].map((c) => c.terminate('killed', gone)));
    allGone();
    await gone;
  }

  /** A snapshot of a function's containers. */
  state(name: string): PoolState {
    const pool = this.pool(name);
    return {
      limit: pool.limit,
      containers: [...pool.containers].map((c) => ({ id: c.id, busy: c.busy, running: c.running, invocations: c.invocations })),
      waiting: pool.waiting.length,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reaper);
    const terminations: Promise<number>[] = [];
    for (const pool of this.pools.values()) {
      for (const waiter of pool.waiting.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(new FunctionError(pool.name, 'Runtime.ExitError', 'the local runtime is stopping'));
      }
      for (const container of pool.containers) terminations.push(container.terminate('stopped'));
    }
    await Promise.all(terminations);
    rmSync(this.options.buildDir, { recursive: true, force: true });
  }

  private pool(name: string): Pool {
    let pool = this.pools.get(name);
    if (pool) return pool;
    const spec = this.options.system.functions[name];
    if (!spec) throw new Error(`No function named ${name}`);
    // The manifest's concurrency is sized for AWS (400 for the claim); a laptop runs at most
    // `maxPerFunction` containers of one function (default 8), throttling beyond as Lambda would.
    const limit = Math.min(spec.concurrency ?? this.options.defaultConcurrency ?? DEFAULT_CONCURRENCY, this.options.maxPerFunction ?? DEFAULT_MAX_PER_FUNCTION);
    if (!Number.isInteger(limit) || limit < 0) throw new Error(`${name}: concurrency must be a whole number ≥ 0, not ${limit}`);
    pool = new Pool(name, spec, limit, limit * this.queuePerContainer);
    this.pools.set(name, pool);
    return pool;
  }

  /** A container for one invocation: at once if one is free, after a bounded wait, or a throttle. */
  private acquire(pool: Pool): Promise<Container> {
    if (pool.waiting.length === 0) {
      const container = this.take(pool);
      if (container) return Promise.resolve(container);
    }
    if (pool.waiting.length >= pool.queueBound) return Promise.reject(this.throttle(pool));
    const queuedAt = Date.now();
    return new Promise((resolve, reject) => {
      const giveUp = () => {
        // The bound is on waiting for running invocations, not for cold starts (see DEFAULT_ADMISSION).
        const due = Math.max(queuedAt, pool.lastColdStartEnded) + this.maxWaitMs;
        if (pool.coldStarting || Date.now() < due) {
          waiter.timer = setTimeout(giveUp, pool.coldStarting ? this.maxWaitMs : due - Date.now());
          return;
        }
        pool.waiting.splice(pool.waiting.indexOf(waiter), 1);
        reject(this.throttle(pool));
      };
      const waiter: Waiter = { resolve, reject, timer: setTimeout(giveUp, this.maxWaitMs) };
      pool.waiting.push(waiter);
    });
  }

  /** An idle container of the pool, or a new one if the limits allow; undefined when it must wait. */
  private take(pool: Pool): Container | undefined {
    if (this.stopped) return undefined;
    let container = pool.idle.pop();
    if (!container) {
      if (pool.containers.size >= pool.limit) return undefined;
      if (this.total >= this.maxContainers && !this.recycleIdle(pool)) return undefined;
      container = this.coldStart(pool);
    }
    container.busy = true;
    return container;
  }

  private release(pool: Pool, container: Container) {
    container.busy = false;
    container.lastUsed = Date.now();
    if (container.dead) return; // its death already freed the place
    pool.idle.push(container);
    this.pump();
  }

  /** Hands freed capacity to waiting invocations, oldest first. */
  private pump() {
    for (const pool of this.pools.values()) {
      while (pool.waiting.length > 0) {
        const container = this.take(pool);
        if (!container) break;
        const waiter = pool.waiting.shift()!;
        clearTimeout(waiter.timer);
        waiter.resolve(container);
      }
    }
  }

  /** A container died: its place goes to a waiting invocation once the current step is done. */
  private schedulePump() {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Terminates the least recently used idle container of another function, to make room. */
  private recycleIdle(except: Pool): boolean {
    let oldest: Container | undefined;
    for (const pool of this.pools.values()) {
      if (pool === except) continue;
      const candidate = pool.idle[0];
      if (candidate && (!oldest || candidate.lastUsed < oldest.lastUsed)) oldest = candidate;
    }
    if (!oldest) return false;
    void oldest.terminate('recycled');
    return true;
  }

  private reapIdle(idleTimeoutMs: number) {
    const before = Date.now() - idleTimeoutMs;
    for (const pool of this.pools.values()) {
      for (const container of pool.idle.filter((c) => c.lastUsed < before)) void container.terminate('idle');
    }
  }

  private throttle(pool: Pool): TooManyRequestsError {
    const reason = pool.containers.size < pool.limit ? 'ConcurrentInvocationLimitExceeded' : 'ReservedFunctionConcurrentInvocationLimitExceeded';
    return new TooManyRequestsError(pool.name, reason, this.retryAfter(pool));
  }

  /**
   * Seconds until a retry has a fair chance. Callers turned away are given successive places in
   * line: each comes back one invocation's share of the pool later than the one before (the
   * function's recent average duration ÷ its containers), after what is running and waiting now
   * has drained. So a burst turned away together comes back at the pace the function can serve,
   * not all in the same second (which would only be turned away again).
   */
  private retryAfter(pool: Pool): number {
    const now = Date.now();
    const averageMs = pool.averageMs ?? 1000;
    const perInvocationMs = pool.limit > 0 ? averageMs / pool.limit : 1000;
    const drainedAt = now + (pool.containers.size + pool.waiting.length) * perInvocationMs;
    pool.retrySlotAt = Math.min(now + MAX_RETRY_AFTER_SECONDS * 1000, Math.max(drainedAt, pool.retrySlotAt) + perInvocationMs);
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil((pool.retrySlotAt - now) / 1000)));
  }

  private coldStart(pool: Pool): Container {
    const { name, spec } = pool;
    const id = ++containerIds;
    const worker = new Worker(workerScript, {
      env: { ...this.options.environmentOf(name, spec), AWS_LAMBDA_FUNCTION_NAME: name },
      execArgv: ['--enable-source-maps'],
      stdout: Boolean(this.options.output),
      stderr: Boolean(this.options.output),
      workerData: {
        bundle: path.join(this.options.buildDir, `${name}.mjs`),
        functionName: name,
        memoryMb: spec.memoryMb ?? 512,
        logStreamName: `local/[$LATEST]${String(id).padStart(4, '0')}`,
      },
    });
    const output = this.options.output;
    if (output) {
      // Forwarded rather than piped: many containers piping into one stream would pile listeners on it.
      const forward = (chunk: Buffer) => output.write(chunk);
      worker.stdout.on('data', forward);
      worker.stderr.on('data', forward);
    }
    const onReady = () => {
      pool.lastColdStartEnded = Date.now();
    };
    const container = new Container(id, name, worker, INIT_LIMIT_MS + pool.timeoutMs, onReady, (dead) => {
      if (!pool.containers.delete(dead)) return;
      this.total--;
      const idle = pool.idle.indexOf(dead);
      if (idle >= 0) pool.idle.splice(idle, 1);
      this.schedulePump();
    });
    pool.containers.add(container);
    this.total++;
    return container;
  }
}
