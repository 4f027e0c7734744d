/**
 * One Node major everywhere: the Node these tests run on (npm scripts put the `node`
 * devDependency first on PATH), that devDependency, the deployed Lambda runtime and the esbuild
 * target all follow infra/node-runtime.ts.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundling, deployedTarget } from '../../infra/bundling';
import { majorOf, nodeMajor, wrongNodeMessage } from '../../infra/node-runtime';
import { projectRoot } from '../../local/runtime';

const packageJson = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

describe('the Node major', () => {
  it('is the one these tests run on and the one the `node` devDependency installs', () => {
    expect(majorOf(process.versions.node), `running on Node ${process.versions.node}; run the tests through npm/npx`).toBe(nodeMajor);
    expect(majorOf(packageJson.devDependencies.node!)).toBe(nodeMajor);
  });

  it('is the deployed Lambda runtime and the bundles’ target', () => {
    expect(bundling.runtime.name).toBe(`nodejs${nodeMajor}.x`);
    expect(deployedTarget).toBe(`node${nodeMajor}`);
  });

  it('lets npm start run only on that major, and says how to get it', () => {
    expect(wrongNodeMessage(`${nodeMajor}.0.1`)).toBeUndefined();
    const message = wrongNodeMessage('20.20.2');
    expect(message).toContain(`Node ${nodeMajor}`);
    expect(message).toContain('npm start');
  });
});
