import type { TestProject } from 'vitest/node';
import { startPlatform } from '../infra/local/platform.ts';

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
 * running on the default ones), stopped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const platform = await startPlatform({
    apiPort: 0,
    dynamoPort: 0,
    sesPort: 0,
    stepFunctionsPort: 0,
    dataDir: null,
    quiet: true,
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
  };
}
