import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import type { ProvidedPlatform } from '../global-setup.ts';
import { serveOnLoopback, type LoopbackServer } from './loopback-server.ts';

/**
 * What the global setups start for the run (the shared DynamoDB Local, the integration platform)
 * takes seconds of a JVM and a Node process. The global setups therefore only start them and return
 * at once, so that the unit files run meanwhile; a file that needs one waits for it in its setup
 * file (`awaitServices`), asking the vitest process over loopback HTTP. Each answer is held until
 * the service is up (or failed), so nothing polls.
 */

export interface Services {
  /** The integration tests' shared platform. */
  platform: ProvidedPlatform;
  /** The run's one DynamoDB Local, for platforms of a file's own (test/support/own-platform.ts). */
  dynamoEndpoint: string;
}
export type ServiceName = keyof Services;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where a worker asks for the run's services, and which of them its project's global setup started. */
    services: { url: string; names: ServiceName[] };
  }
}

// ---- In the vitest process (global setups) ----

interface Registry {
  offered: Map<ServiceName, Promise<unknown>>;
  server: Promise<LoopbackServer>;
}

// Each project's global setup loads its own copy of this module: the registry is process-wide.
const REGISTRY = Symbol.for('ogc.test.services');
const store = globalThis as { [REGISTRY]?: Registry };

function registry(): Registry {
  const existing = store[REGISTRY];
  if (existing) return existing;
  const offered = new Map<ServiceName, Promise<unknown>>();
  const server = serveOnLoopback((request, response) => {
    const name = decodeURIComponent((request.url ?? '/').slice(1)) as ServiceName;
    const value = offered.get(name);
    if (!value) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no service "${name}" was started for this run`);
      return;
    }
    value.then(
      (ready) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ready)),
      // The message only: vitest maps the frames of a stack from this process through the
      // worker's modules, and its module cache cannot map them (it fails instead of printing).
      (error: unknown) => response.writeHead(503, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : String(error)),
    );
  });
  const created: Registry = { offered, server };
  store[REGISTRY] = created;
  return created;
}

/**
 * Offers services to a project's files as they come up: the project's files wait for every one of
 * them before they run. A service that fails is reported to each file that waits for it.
 */
export async function offerServices(project: TestProject, services: { [Name in ServiceName]?: Promise<Services[Name]> }): Promise<void> {
  const { offered, server } = registry();
  for (const [name, value] of Object.entries(services) as [ServiceName, Promise<unknown>][]) {
    // Awaited by the files that ask; never an unhandled rejection in the vitest process.
    value.catch(() => undefined);
    offered.set(name, value);
  }
  project.provide('services', { url: (await server).url, names: Object.keys(services) as ServiceName[] });
}

/** Closes the answering server once no project offers anything any more. */
export async function withdrawServices(names: readonly ServiceName[]): Promise<void> {
  const current = store[REGISTRY];
  if (!current) return;
  for (const name of names) current.offered.delete(name);
  if (current.offered.size > 0) return;
  delete store[REGISTRY];
  await (await current.server).close();
}

// ---- In the workers (setup files and tests) ----

const received: Partial<Services> = {};

/** Waits until every service the project's global setup started is up (a setup file calls it). */
export async function awaitServices(): Promise<void> {
  const { url, names } = inject('services');
  await Promise.all(
    names
      .filter((name) => received[name] === undefined)
      .map(async (name) => {
        const response = await fetch(`${url}/${name}`);
        const body = await response.text();
        if (!response.ok) throw new Error(`The test run's ${name} did not start:\n${body}`);
        Object.assign(received, { [name]: JSON.parse(body) as unknown });
      }),
  );
}

/** A service of the run, once `awaitServices` has run (in the project's setup file). */
export function service<Name extends ServiceName>(name: Name): Services[Name] {
  const value = received[name];
  if (value === undefined) throw new Error(`${name} is not a service of this project (see the global setups in vitest.config.ts)`);
  return value as Services[Name];
}
