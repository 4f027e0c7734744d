/** Builds the console unless console/dist is up to date with its sources (for `cdk synth`'s bundling and the tests). */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { consoleDir, consoleIsStale } from './fingerprint';

if (consoleIsStale()) {
  execFileSync(process.execPath, [...process.execArgv, path.join(consoleDir, 'scripts/build.ts'), '--no-check'], { stdio: 'inherit' });
}
