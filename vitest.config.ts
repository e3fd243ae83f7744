import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { ENV } from './shared/config/constants.ts';
import { LOCAL_MAIL_ENVIRONMENT, LOCAL_PUBLIC_BASE_URL } from './infra/local/local-environment.ts';

/**
 * The unit files go first, longest first as vitest orders them, then the others: the global
 * setups only start the shared DynamoDB Local and platform (seconds of a JVM and a Node process),
 * and the unit files run while they come up instead of after everything else.
 */
class UnitFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((file) => file.project.name === 'unit'), ...sorted.filter((file) => file.project.name !== 'unit')];
  }
}

/**
 * Three projects: `unit` (plus the CDK assertions under test/infra) runs without any stand-in;
 * `integration` shares one local platform started by test/global-setup.ts (in memory, random
 * ports), which vitest starts only when an integration test is selected; `browser` drives the
 * review console in headless Chromium against a platform of its own. Files that need a platform
 * of their own (test/support/own-platform.ts) put its tables in the run's one DynamoDB Local
 * (test/support/shared-dynamodb.ts): one JVM per run, not one per file.
 */
export default defineConfig({
  test: {
    // Forks, two at most: the machine has two cores, shared with DynamoDB Local, Chromium and the
    // platforms' processes (a third worker made the browser files slower than it saved elsewhere).
    pool: 'forks',
    maxWorkers: 2,
    // Transformed modules are kept on disk between runs (node_modules/.experimental-vitest-cache),
    // keyed by their content: a second run transforms only what changed.
    experimental: { fsModuleCache: true },
    sequence: { sequencer: UnitFilesFirst },
    // Tests that render mail or links without a platform run with the local platform's addresses.
    // CDK_VALIDATION=false: aws-cdk-lib checks every synthesized template in a WebAssembly engine
    // that takes some 20 s of CPU to start in each process, and reports only warnings; the infra
    // tests assert what they mean to on the templates, and `npm run synth` keeps the check.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      CDK_VALIDATION: 'false',
      ...LOCAL_MAIL_ENVIRONMENT,
      [ENV.publicBaseUrl]: LOCAL_PUBLIC_BASE_URL,
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/infra/**/*.test.ts'],
          // One module graph per worker instead of one per file: zod, the shared code and
          // aws-cdk-lib load twice in the run, not once per file (a third of the CPU of the run).
          // Unit files must leave what they change as they found it (process.env, config).
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One module graph per worker, as in `unit`; test/support/file-isolation.ts puts back what
          // a file changed for the process (environment, config, SDK clients) before the next.
          isolate: false,
          setupFiles: ['test/support/file-isolation.ts', 'test/support/await-services.ts'],
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
          // Each file starts its own platform (on the run's one DynamoDB Local) and drives Debian's
          // headless Chromium (test/support/console-browser.ts).
          include: ['test/browser/**/*.test.ts'],
          // Modules shared by the files of a worker, as in `integration`.
          isolate: false,
          setupFiles: ['test/support/file-isolation.ts', 'test/support/await-services.ts'],
          globalSetup: ['test/support/shared-dynamodb.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
