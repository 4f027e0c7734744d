/**
 * The one Node.js major the platform runs on: the deployed Lambdas (nodejs<major>.x), the
 * esbuild target of their bundles, the local runtime and every npm script (the `node`
 * devDependency in package.json, which npm puts first on its scripts' PATH). Moving to another
 * major is this constant, that devDependency and `npm ci`; a unit test holds the three together.
 *
 * No imports: `npm start` reads it before loading anything that a wrong Node could not load.
 */
export const nodeMajor = 22;

/** The major of a version string such as process.versions.node ("22.23.3") or "v20.20.2". */
export const majorOf = (version: string): number => Number(/^v?(\d+)/.exec(version)?.[1] ?? Number.NaN);

/** Why this Node cannot run the local runtime, or undefined when it can. */
export function wrongNodeMessage(version: string = process.versions.node): string | undefined {
  if (majorOf(version) === nodeMajor) return undefined;
  return [
    `This is Node ${version}, but the Lambdas run on Node ${nodeMajor} (nodejs${nodeMajor}.x), and the local runtime must run on the same major.`,
    `Run it through \`npm start\`: npm scripts use the project's own Node ${nodeMajor} (the \`node\` devDependency that \`npm ci\` installs), whatever Node the machine has.`,
  ].join('\n');
}
