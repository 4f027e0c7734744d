/** Small helpers for the local runtime's child processes and ports. */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export class LocalRuntimeError extends Error {
  override name = 'LocalRuntimeError';
}

/** A port the OS says is free now (used when no fixed port was asked for). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Fails with a clear message when the port is taken, instead of a stack trace later. */
export function ensurePortFree(port: number, what: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new LocalRuntimeError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} (${what}) is already in use. Stop whatever uses it, or choose another port with ${variable}=<port>.`
            : `Cannot listen on port ${port} (${what}): ${error.message}`,
        ),
      );
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** DynamoDB Local is a Java program: say so plainly when Java is missing or too old. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalRuntimeError(
      'Java was not found. DynamoDB Local needs Java 17 or newer: install a JRE (for example `apt-get install openjdk-17-jre-headless`) and make sure `java` is on PATH.',
    );
  }
  const match = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1]) : 0;
  if (major > 0 && major < 17) {
    throw new LocalRuntimeError(`Java ${major} was found, but DynamoDB Local needs Java 17 or newer.`);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
