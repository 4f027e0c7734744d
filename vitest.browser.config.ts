import { defineConfig } from 'vitest/config';

// The browser tier (`npm run test:browser`): the admin console in Debian's Chromium, driven by
// playwright-core, against the whole local runtime (started once, as for the end-to-end tier).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          expect: { poll: { timeout: 20_000, interval: 100 } },
        },
      },
    ],
  },
});
