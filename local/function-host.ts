/**
 * Runs the manifest's functions locally as Lambda would: each handler bundled by esbuild with the
 * deployed settings, each function in its own worker thread (its "container") with only the
 * environment its manifest entry gives it, a cold start on first use, and a time limit.
 */
import { build } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundling } from '../infra/bundling';
import type { FunctionSpec, System } from '../shared/system';

const workerScript = fileURLToPath(new URL('./lambda-worker.mjs', import.meta.url));

export class FunctionError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
    readonly errorStack?: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

class Container {
  private readonly pending = new Map<string, Pending>();
  readonly ready: Promise<void>;
  private dead = false;

  constructor(
    private readonly name: string,
    private readonly worker: Worker,
    private readonly onDeath: () => void,
  ) {
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.on('message', (message: { id?: string; result?: unknown; error?: { name: string; message: string; stack?: string } }) => {
      if (!message.id) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error) waiting.reject(new FunctionError(name, message.error.name, message.error.message, message.error.stack));
      else waiting.resolve(message.result);
    });
    const die = (reason: string) => {
      if (this.dead) return;
      this.dead = true;
      this.onDeath();
      for (const [, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new FunctionError(name, 'Runtime.ExitError', reason));
      }
      this.pending.clear();
    };
    worker.on('error', (error) => die(`${name} failed: ${error.message}`));
    worker.on('exit', (code) => die(`${name} exited with code ${code}`));
  }

  invoke(event: unknown, timeoutMs: number): Promise<unknown> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new FunctionError(this.name, 'Sandbox.Timedout', `Task timed out after ${timeoutMs / 1000} seconds`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ id, event, requestId: id });
    });
  }

  kill(): Promise<number> {
    return this.worker.terminate();
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
}

export class FunctionHost {
  private readonly containers = new Map<string, Container>();

  private constructor(private readonly options: FunctionHostOptions) {}

  /** Bundles every function of the system, as NodejsFunction would, then returns the host. */
  static async start(options: FunctionHostOptions): Promise<FunctionHost> {
    mkdirSync(options.buildDir, { recursive: true });
    const entryPoints = Object.fromEntries(
      Object.entries(options.system.functions).map(([name, spec]) => [name, path.join(options.projectRoot, spec.entry)]),
    );
    await build({
      entryPoints,
      outdir: options.buildDir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      format: bundling.format,
      platform: bundling.platform,
      mainFields: [...bundling.mainFields],
      banner: { js: bundling.banner },
      external: [...bundling.external],
      target: `node${process.versions.node.split('.')[0]}`,
      sourcemap: 'linked',
      minify: false,
      logLevel: 'error',
    });
    return new FunctionHost(options);
  }

  get names(): string[] {
    return Object.keys(this.options.system.functions);
  }

  /** Invokes a function with an event and returns its result; a thrown error rejects with FunctionError. */
  async invoke(name: string, event: unknown): Promise<unknown> {
    const spec = this.options.system.functions[name];
    if (!spec) throw new Error(`No function named ${name}`);
    const container = this.container(name, spec);
    await container.ready.catch((error: Error) => {
      throw new FunctionError(name, 'Runtime.InitError', error.message, error.stack);
    });
    return container.invoke(event, (spec.timeoutSeconds ?? 10) * 1000);
  }

  /** Kills a function's container mid-work, as a crash or a Lambda recycle would. */
  async kill(name: string): Promise<void> {
    await this.containers.get(name)?.kill();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.containers.values()].map((c) => c.kill()));
    this.containers.clear();
  }

  private container(name: string, spec: FunctionSpec): Container {
    let container = this.containers.get(name);
    if (container) return container;
    const worker = new Worker(workerScript, {
      env: { ...this.options.environmentOf(name, spec), AWS_LAMBDA_FUNCTION_NAME: name },
      execArgv: ['--enable-source-maps'],
      stdout: Boolean(this.options.output),
      stderr: Boolean(this.options.output),
      workerData: {
        bundle: path.join(this.options.buildDir, `${name}.mjs`),
        functionName: name,
        timeoutMs: (spec.timeoutSeconds ?? 10) * 1000,
        memoryMb: spec.memoryMb ?? 512,
      },
    });
    if (this.options.output) {
      worker.stdout.pipe(this.options.output, { end: false });
      worker.stderr.pipe(this.options.output, { end: false });
    }
    container = new Container(name, worker, () => {
      if (this.containers.get(name) === container) this.containers.delete(name);
    });
    this.containers.set(name, container);
    return container;
  }
}
