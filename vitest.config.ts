import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (plus the CDK assertions under test/infra) runs without any stand-in;
 * `integration` shares one local platform started by test/global-setup.ts (in memory, random
 * ports), which vitest starts only when an integration test is selected; `browser` drives the
 * review console in headless Chromium against a platform of its own.
 */
export default defineConfig({
  test: {
    // Forks, two at most: the machine has two cores, and DynamoDB Local's JVM needs one of them.
    pool: 'forks',
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/infra/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // JVM starts, real HTTP and real timers: generous limits.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          // Each file starts its own platform and drives Debian's headless Chromium (/usr/bin/chromium).
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
