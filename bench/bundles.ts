/**
 * Builds function bundles exactly as CDK's NodejsFunction does (infra/bundling.ts settings, the
 * Lambdas' Node target, minified), with esbuild's metafile, so the cold-start bench and the bundle
 * test see the same bytes that deploy.
 */
import { build, type Metafile } from 'esbuild';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { bundling, deployedTarget } from '../infra/bundling';

export interface BuiltBundle {
  file: string;
  bytes: number;
  metafile: Metafile;
}

/** Bundles each entry (name → path from the project root) into `outDir`. */
export async function buildBundles(projectRoot: string, entries: Record<string, string>, outDir: string): Promise<Record<string, BuiltBundle>> {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, path.join(projectRoot, entry)])),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: bundling.format,
    platform: bundling.platform,
    mainFields: [...bundling.mainFields],
    banner: { js: bundling.banner },
    external: [...bundling.external],
    target: deployedTarget,
    minify: bundling.minify,
    metafile: true,
    logLevel: 'error',
    absWorkingDir: projectRoot,
  });
  const bundles: Record<string, BuiltBundle> = {};
  for (const [output, info] of Object.entries(result.metafile.outputs)) {
    if (!info.entryPoint || !output.endsWith('.mjs')) continue;
    const name = path.basename(output, '.mjs');
    bundles[name] = {
      file: path.join(projectRoot, output),
      bytes: info.bytes,
      metafile: { inputs: Object.fromEntries(Object.keys(info.inputs).map((input) => [input, result.metafile.inputs[input]!])), outputs: { [output]: info } },
    };
  }
  return bundles;
}
