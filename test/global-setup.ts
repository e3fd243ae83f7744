import type { TestProject } from 'vitest/node';
import { startPlatform } from '../infra/local/platform.ts';
import { acquireSharedDynamoDb } from './support/shared-dynamodb.ts';

/** What the integration tests learn about the shared platform (through `inject('platform')`). */
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

declare module 'vitest' {
  export interface ProvidedContext {
    platform: ProvidedPlatform;
  }
}

/**
 * One platform for every integration test file: in memory, on free ports (a dev platform may be
 * running on the default ones), stopped when the run ends. Its tables live in the run's one
 * DynamoDB Local, which files that need a platform of their own use too (`dynamoEndpoint`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await acquireSharedDynamoDb();
  project.provide('dynamoEndpoint', dynamodb.endpoint);
  const platform = await startPlatform({
    apiPort: 0,
    dynamoEndpoint: dynamodb.endpoint,
    sesPort: 0,
    stepFunctionsPort: 0,
    dataDir: null,
    quiet: true,
  }).catch(async (error: unknown) => {
    await dynamodb.release();
    throw error;
  });
  project.provide('platform', {
    apiUrl: platform.apiUrl,
    sesUrl: platform.sesUrl,
    inboxUrl: platform.inboxUrl,
    dynamoEndpoint: platform.dynamoEndpoint,
    stepFunctionsUrl: platform.stepFunctionsUrl,
    environment: platform.environment,
    tables: platform.tables,
    stateMachines: platform.stateMachines,
  });
  return async () => {
    await platform.stop();
    await dynamodb.release();
  };
}
