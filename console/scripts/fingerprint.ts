/**
 * Whether console/dist is up to date: a hash of everything the build reads (the console's sources
 * and the shared schemas its API client is generated from), compared with the one the last build
 * stamped. `npm start` and the browser tests rebuild only when it differs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const consoleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = path.join(consoleDir, 'dist');
export const stampFile = path.join(distDir, '.source-fingerprint');
const projectRoot = path.dirname(consoleDir);

function files(dir: string, skip: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    if (skip(name)) return [];
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, skip) : [full];
  });
}

export function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...files(consoleDir, (name) => name === 'dist' || name === 'node_modules' || name === 'schema.d.ts'),
    ...files(path.join(projectRoot, 'shared'), () => false),
    path.join(projectRoot, 'package-lock.json'),
  ];
  for (const file of inputs) hash.update(path.relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export function consoleIsStale(): boolean {
  return !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== sourceFingerprint();
}
