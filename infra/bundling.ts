/**
 * How a handler becomes a bundle. NodejsFunction (deployed) and the local runtime both use these
 * settings with the same esbuild, so a bundling problem shows up locally first.
 */

/** ESM bundles still meet CommonJS dependencies that call `require`; this gives them one. */
export const esmRequireBanner =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export const bundling = {
  format: 'esm',
  platform: 'node',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  banner: esmRequireBanner,
  /** The runtime's SDK is not used: the bundle carries the exact versions in package-lock.json. */
  external: [] as string[],
} as const;

/** Deployed functions run on nodejs22.x; the local runtime runs on the machine's Node. */
export const deployedTarget = 'node22';
