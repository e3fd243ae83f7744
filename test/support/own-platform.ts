import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startPlatform, type Platform, type PlatformOptions } from '../../infra/local/platform.ts';
import { startSesLocal, type SesLocal } from '../../infra/local/ses.ts';
import { service } from './services.ts';

let workerInbox: Promise<SesLocal> | undefined;

/**
 * One SES emulator for the platforms a worker starts, emptied as each one starts: a worker runs its
 * files one after another, so each file reads only its own mail, and the run starts a Node process
 * per worker instead of one per platform (about a second of CPU each). It exits with the worker.
 */
async function emptyWorkerInbox(): Promise<string> {
  workerInbox ??= startSesLocal({ port: 0, startTimeoutMs: 120_000 });
  const { url } = await workerInbox;
  const cleared = await fetch(`${url}/clear-store`, { method: 'POST' });
  if (!cleared.ok) throw new Error(`The SES emulator did not empty its inbox (${cleared.status})`);
  return url;
}

/**
 * A platform of a test file's own (a review cycle collects every submission awaiting review, so a
 * file that runs one cannot share the integration platform): quiet, in memory, on free ports, its
 * tables under a prefix of its own in the run's one DynamoDB Local (test/support/shared-dynamodb.ts),
 * its mail in the worker's emptied inbox. `overrides` win (a data directory, environment, state
 * machines); handlers' info lines are dropped.
 */
export async function ownPlatformOptions(overrides: PlatformOptions = {}): Promise<PlatformOptions> {
  return {
    apiPort: 0,
    stepFunctionsPort: 0,
    dataDir: null,
    quiet: true,
    dynamoEndpoint: service('dynamoEndpoint'),
    sesUrl: await emptyWorkerInbox(),
    tablePrefix: `t${randomBytes(4).toString('hex')}-`,
    ...overrides,
    env: { LOG_LEVEL: 'silent', ...overrides.env },
  };
}

export async function startOwnPlatform(overrides: PlatformOptions = {}): Promise<Platform> {
  return startPlatform(await ownPlatformOptions(overrides));
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
