import type { TestProject } from 'vitest/node';
import type { DynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { offerServices, withdrawServices } from './services.ts';

/**
 * One DynamoDB Local (in memory) for the whole test run. A JVM start costs seconds of CPU on a
 * two-core machine; every platform a test file starts for itself uses this one with tables of its
 * own prefix instead, each prefix in a database of its own (`databasePerAccessKey`): one shared
 * database made every write scan the stream records of every file before it, on one thread.
 * Each project's global setup runs in the same vitest process but loads its own copy of this
 * module, hence the process-wide holder; the last project to let go stops it.
 */
interface Holder {
  started: Promise<DynamoDbLocal>;
  users: number;
}

const HOLDER = Symbol.for('ogc.test.shared-dynamodb');
const store = globalThis as { [HOLDER]?: Holder };

/** Starts the run's DynamoDB Local, or joins the one started; `release` when done with it (the last one stops it). */
export function acquireSharedDynamoDb(): { endpoint: Promise<string>; release: () => Promise<void> } {
  // As startPlatform does: the SDK's notice about Node 20 is noise here (global setups run outside `test.env`).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded only by the first project to ask: the starter pulls in the AWS SDK, which each project's
  // global setup would otherwise load again through vite, slowly, while the JVM takes the CPU.
  const holder = (store[HOLDER] ??= {
    started: import('../../infra/local/dynamodb.ts').then(({ startDynamoDbLocal }) =>
      startDynamoDbLocal({ port: 0, dataDir: null, shortLived: true, databasePerAccessKey: true }),
    ),
    users: 0,
  });
  holder.users += 1;
  const release = async () => {
    holder.users -= 1;
    if (holder.users > 0) return;
    delete store[HOLDER];
    // A JVM that never started has nothing to stop.
    const started = await holder.started.catch(() => undefined);
    await started?.stop();
  };
  return { endpoint: holder.started.then((database) => database.endpoint), release };
}

/**
 * Global setup of a project whose files start platforms of their own: starts the run's DynamoDB
 * Local and offers its endpoint to the files, without waiting for it (test/support/services.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = acquireSharedDynamoDb();
  await offerServices(project, { dynamoEndpoint: shared.endpoint });
  return async () => {
    await withdrawServices(['dynamoEndpoint']);
    await shared.release();
  };
}
