/**
 * How a handler becomes a bundle. NodejsFunction (deployed) and the local runtime both use these
 * settings with the same esbuild, so a bundling problem shows up locally first.
 */
import { Runtime, RuntimeFamily } from 'aws-cdk-lib/aws-lambda';
import type { BuildOptions } from 'esbuild';
import { nodeMajor } from './node-runtime';

/** ESM bundles still meet CommonJS dependencies that call `require`; this gives them one. */
export const esmRequireBanner =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** CDK's own Lambda runtime for the platform's Node major (see node-runtime.ts). */
function lambdaRuntimeOf(major: number): Runtime {
  const name = `nodejs${major}.x`;
  const runtime = Runtime.ALL.find((candidate) => candidate.name === name && candidate.family === RuntimeFamily.NODEJS);
  if (!runtime) throw new Error(`aws-cdk-lib does not know the Lambda runtime ${name}; update aws-cdk-lib or infra/node-runtime.ts.`);
  return runtime;
}

export const bundling = {
  format: 'esm',
  platform: 'node',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  banner: esmRequireBanner,
  /** Chinese text (problem messages, names) as UTF-8: 3 bytes a character instead of a 6-byte escape. */
  charset: 'utf8',
  /** The runtime's SDK is not used: the bundle carries the exact versions in package-lock.json. */
  external: [] as string[],
  /** The Lambda runtime the bundles run on: nodejs<nodeMajor>.x. */
  runtime: lambdaRuntimeOf(nodeMajor),
} as const;

/** Deployed functions run on nodejs<nodeMajor>.x, and so does the local runtime (npm start checks). */
export const deployedTarget = `node${nodeMajor}`;

/**
 * esbuild options for bundling handlers outside CDK (the local runtime, the bundle test, the
 * cold-start bench): the same settings NodejsFunction is given, one `.mjs` per entry.
 */
export function esbuildOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  return {
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: bundling.format,
    platform: bundling.platform,
    mainFields: [...bundling.mainFields],
    banner: { js: bundling.banner },
    external: [...bundling.external],
    target: deployedTarget,
    minify: bundling.minify,
    charset: bundling.charset,
    logLevel: 'error',
  };
}
