import { afterAll, vi } from 'vitest';
import { useEnvironment } from '../../shared/store/clients.ts';

/**
 * Setup of each file of a project whose files share their worker's modules (`isolate: false`: the
 * AWS SDK, zod and the platform's code load once per worker, not once per file). What a file changes
 * for the whole process is put back before the next one runs: the environment as the worker began
 * with it, the configuration and SDK clients built from the environment, and spies left in place.
 */
const STARTING_ENVIRONMENT = Symbol.for('ogc.test.starting-environment');
const worker = globalThis as { [STARTING_ENVIRONMENT]?: Readonly<Record<string, string | undefined>> };
const starting = (worker[STARTING_ENVIRONMENT] ??= { ...process.env });

for (const name of Object.keys(process.env)) {
  if (!(name in starting)) delete process.env[name];
}
useEnvironment(starting);

afterAll(() => {
  vi.restoreAllMocks();
});
