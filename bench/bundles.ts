/**
 * Builds function bundles exactly as CDK's NodejsFunction does (infra/bundling.ts settings, the
 * Lambdas' Node target, minified), with esbuild's metafile, so the cold-start bench and the bundle
 * test see the same bytes that deploy.
 */
import { build, type Metafile } from 'esbuild';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { esbuildOptions } from '../infra/bundling';

export interface BuiltBundle {
  file: string;
  bytes: number;
  metafile: Metafile;
}

/** Bundles each entry (name → path from the project root) into `outDir`. */
export async function buildBundles(projectRoot: string, entries: Record<string, string>, outDir: string): Promise<Record<string, BuiltBundle>> {
  mkdirSync(outDir, { recursive: true });
  const entryPoints = Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, path.join(projectRoot, entry)]));
  const { metafile } = await build({ ...esbuildOptions(entryPoints, outDir), metafile: true, absWorkingDir: projectRoot });
  if (!metafile) throw new Error('esbuild wrote no metafile');
  const bundles: Record<string, BuiltBundle> = {};
  for (const [output, info] of Object.entries(metafile.outputs)) {
    if (!info.entryPoint || !output.endsWith('.mjs')) continue;
    const name = path.basename(output, '.mjs');
    bundles[name] = {
      file: path.join(projectRoot, output),
      bytes: info.bytes,
      metafile: { inputs: Object.fromEntries(Object.keys(info.inputs).map((input) => [input, metafile.inputs[input]!])), outputs: { [output]: info } },
    };
  }
  return bundles;
}
