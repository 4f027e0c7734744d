/**
 * `npm run console:build`: the admin console into console/dist.
 *
 * 1. Generate the API client's types from the manifest's OpenAPI document (generate-client.ts).
 * 2. Type-check the console against them (a changed route fails here).
 * 3. Bundle with Vite.
 * 4. Measure the initial JavaScript (the entry chunk and what it imports statically), gzipped;
 *    print it, and fail above the budget (400 KB): pages are lazy chunks and do not count.
 * 5. Stamp the sources' fingerprint, so `npm start` rebuilds only when they changed.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { consoleDir, distDir, sourceFingerprint, stampFile } from './fingerprint';

const BUDGET_BYTES = 400 * 1024;
// A production build whoever runs it (vitest sets NODE_ENV=test, which would bundle React's development build).
process.env.NODE_ENV = 'production';
const started = Date.now();

execFileSync(process.execPath, [...process.execArgv, path.join(consoleDir, 'scripts/generate-client.ts')], { stdio: 'inherit' });
if (!process.argv.includes('--no-check')) {
  execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', consoleDir], { stdio: 'inherit' });
}
await build({ configFile: path.join(consoleDir, 'vite.config.ts'), logLevel: 'warn' });

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
const initial = new Set<string>();
const visit = (key: string) => {
  const chunk = manifest[key]!;
  if (initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const css of chunk.css ?? []) initial.add(css);
  for (const next of chunk.imports ?? []) visit(next);
};
// The entry, and the app shell it always loads once signed in (a dynamic import only so that the
// sign-in redirect does not wait for it).
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry || key === 'src/App.tsx') visit(key);
let jsGzip = 0;
const rows = [...initial].map((file) => {
  const bytes = readFileSync(path.join(distDir, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  if (file.endsWith('.js')) jsGzip += gz;
  return `  ${file.padEnd(44)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KB  ${(gz / 1024).toFixed(1).padStart(7)} KB gzipped`;
});
const lazy = Object.values(manifest).filter((c) => !initial.has(c.file) && c.file.endsWith('.js')).length;
console.log(['console/dist: initial chunks', ...rows, `  initial JavaScript: ${(jsGzip / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB); ${lazy} lazy chunks`].join('\n'));
if (jsGzip > BUDGET_BYTES) {
  console.error(`The console's initial JavaScript is ${(jsGzip / 1024).toFixed(1)} KB gzipped, over the ${BUDGET_BYTES / 1024} KB budget.`);
  process.exit(1);
}
writeFileSync(stampFile, sourceFingerprint());
console.log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

