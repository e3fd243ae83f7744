import { awaitServices } from './services.ts';

/**
 * Setup file of the projects whose global setup starts services (vitest.config.ts): a file runs
 * once they are up. Waiting here, not in the global setup, lets the unit files run meanwhile.
 */
await awaitServices();
