import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's one DynamoDB Local, for platforms of their own (test/support/own-platform.ts). */
    dynamoEndpoint: string;
  }
}

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

export async function acquireSharedDynamoDb(): Promise<{ endpoint: string; release: () => Promise<void> }> {
  // As startPlatform does: the SDK's notice about Node 20 is noise here (global setups run outside `test.env`).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const holder = (store[HOLDER] ??= { started: startDynamoDbLocal({ port: 0, dataDir: null, shortLived: true, databasePerAccessKey: true }), users: 0 });
  holder.users += 1;
  const release = async () => {
    holder.users -= 1;
    if (holder.users > 0) return;
    delete store[HOLDER];
    await (await holder.started).stop();
  };
  try {
    return { endpoint: (await holder.started).endpoint, release };
  } catch (error) {
    holder.users -= 1;
    if (holder.users === 0) delete store[HOLDER];
    throw error;
  }
}

/** Global setup of a project whose files start platforms of their own: provides `dynamoEndpoint`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = await acquireSharedDynamoDb();
  project.provide('dynamoEndpoint', shared.endpoint);
  return shared.release;
}
