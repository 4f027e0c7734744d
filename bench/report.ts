/** Shared by the benchmarks: latency percentiles and the results file every benchmark writes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export interface LatencySummary {
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export function summarise(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { calls: sorted.length, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), p99Ms: round(percentile(sorted, 99)) };
}

/** Runs `operation` `count` times with `concurrency` in flight, timing each call. */
export async function measure(count: number, concurrency: number, operation: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        await operation(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

export interface BenchResult {
  name: string;
  at: string;
  figures: Record<string, unknown>;
  ceiling: Record<string, unknown>;
  ratio: number;
  violations: Record<string, number>;
}

/** Writes a bench's result to bench/results/<name>.json, stamped with the time it was written; answers the file. */
export function writeResult(result: Omit<BenchResult, 'at'>): string {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.name}.json`);
  const { name, ...rest } = result;
  writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), ...rest }, null, 2)}\n`);
  return file;
}
