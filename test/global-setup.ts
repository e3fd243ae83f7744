import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { offerServices, withdrawServices } from './support/services.ts';
import { acquireSharedDynamoDb } from './support/shared-dynamodb.ts';

/** What the integration tests learn about the shared platform (`platform()` in test/support/platform.ts). */
export interface ProvidedPlatform {
  apiUrl: string;
  sesUrl: string;
  inboxUrl: string;
  dynamoEndpoint: string;
  stepFunctionsUrl: string;
  /** The environment the handlers run with (table names, endpoints, state machine ARNs, JWT settings). */
  environment: Record<string, string>;
  tables: Record<string, string>;
  stateMachines: Record<string, string>;
}

const PLATFORM_PROCESS = fileURLToPath(new URL('./support/platform-process.ts', import.meta.url));

/**
 * One platform for every integration test file: in memory, on free ports (a dev platform may be
 * running on the default ones), in a process of its own (test/support/platform-process.ts),
 * stopped when the run ends. Its tables live in the run's one DynamoDB Local, which files that
 * need a platform of their own use too (`dynamoEndpoint`). Both are offered to the files as they
 * come up (test/support/services.ts): the unit files run while they start.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The platform's process loads and starts what it can while the JVM starts.
  const child = fork(PLATFORM_PROCESS, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<ProvidedPlatform>((resolve, reject) => {
    child.once('message', (message: { ready?: ProvidedPlatform; failed?: string }) =>
      message.ready ? resolve(message.ready) : reject(new Error(`The test platform did not start:\n${message.failed}`)),
    );
    child.once('exit', (code) => reject(new Error(`The test platform exited (${code}) before it was ready`)));
  });
  // Awaited through `platform` below, or dropped with the child when the JVM does not start.
  ready.catch(() => undefined);
  const dynamodb = acquireSharedDynamoDb();
  const platform = dynamodb.endpoint.then(
    (dynamoEndpoint) => {
      if (child.connected) child.send({ dynamoEndpoint });
      return ready;
    },
    (error: unknown) => {
      child.kill();
      throw error;
    },
  );
  await offerServices(project, { platform, dynamoEndpoint: dynamodb.endpoint });
  return async () => {
    await withdrawServices(['platform', 'dynamoEndpoint']);
    if (child.connected) child.send('stop');
    else child.kill();
    await exited;
    await dynamodb.release();
  };
}
