import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startPlatform, type Platform, type PlatformOptions } from '../../infra/local/platform.ts';
import { service } from './services.ts';

/**
 * A platform of a test file's own (a review cycle collects every submission awaiting review, so a
 * file that runs one cannot share the integration platform): quiet, in memory, on free ports, its
 * tables under a prefix of its own in the run's one DynamoDB Local (test/support/shared-dynamodb.ts).
 * `overrides` win (a data directory, environment, state machines); handlers' info lines are dropped.
 */
export function ownPlatformOptions(overrides: PlatformOptions = {}): PlatformOptions {
  return {
    apiPort: 0,
    sesPort: 0,
    stepFunctionsPort: 0,
    dataDir: null,
    quiet: true,
    dynamoEndpoint: service('dynamoEndpoint'),
    tablePrefix: `t${randomBytes(4).toString('hex')}-`,
    ...overrides,
    env: { LOG_LEVEL: 'silent', ...overrides.env },
  };
}

export function startOwnPlatform(overrides: PlatformOptions = {}): Promise<Platform> {
  return startPlatform(ownPlatformOptions(overrides));
}

/**
 * A platform of the test file's own for the whole file: started before its first test, stopped
 * after its last. The getter answers once it has started (hooks registered after this one see it).
 */
export function useOwnPlatform(overrides: PlatformOptions = {}): () => Platform {
  let platform: Platform | undefined;
  beforeAll(async () => {
    platform = await startOwnPlatform(overrides);
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
  });
  return () => {
    if (!platform) throw new Error('The platform of this file has not started (useOwnPlatform works in tests and later hooks)');
    return platform;
  };
}
