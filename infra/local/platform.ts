import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENV } from '../../shared/config/constants.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import { dynamo as handlersDynamoClient, useEnvironment } from '../../shared/store/clients.ts';
import { migrateStoredData } from '../../shared/store/migrations.ts';
import { TABLES } from '../../shared/store/tables.ts';
import { executionNameForCycle } from '../../shared/review/workflow.ts';
import { extractWorkflows, loadTemplates, type LocalWorkflows } from './cloud-template.ts';
import {
  DEFAULT_TABLE_PREFIX,
  localCredentialsEnvironment,
  LOCAL_REGION,
  ensureTables,
  localDynamoClient,
  localTableName,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from './dynamodb.ts';
import { startHttpServer, type LocalHttpServer } from './http-server.ts';
import { createJwtIssuer, jwksUrlFor } from './jwt-issuer.ts';
import { LOCAL_MAIL_ENVIRONMENT } from './local-environment.ts';
import { createLocalOAuth } from './oauth-server.ts';
import { REPO_ROOT, invokeFunction } from './lambda-runtime.ts';
import { importDemoContacts, loadOrCreateDesignationKey, startDesignationReminderTimer } from './registry.ts';
import { DEFAULT_TIME_ZONE, startMonthlyTimer, type MonthlyTimer } from './monthly-timer.ts';
import { startSesLocal, type SesLocal } from './ses.ts';
import { SfnError, startStepFunctions, type LocalStepFunctions, type StepFunctionsEngine } from './step-functions.ts';
import { startStreamMailer, wakeOnWrites, type StreamMailer } from './stream-mailer.ts';
import { createPublicDataFiles, createSiteAssets } from './web-assets.ts';
import { createConsoleAssets } from './console-assets.ts';

/**
 * The whole system on one machine: DynamoDB Local, the SES emulator, the Step Functions stand-in,
 * the stream-driven mailer and the API, wired through the same environment variables the
 * deployed functions read. Handlers are imported only after that environment is set.
 *
 * One platform per process: handlers read process-wide environment and cache SDK clients.
 */

export interface PlatformOptions {
  /** Default 3000; 0 picks a free port. */
  apiPort?: number;
  /** Default 8000; 0 picks a free port. */
  dynamoPort?: number;
  /**
   * A DynamoDB Local already running, used instead of starting a JVM (the tests share one): this
   * platform's tables are told apart by `tablePrefix`, and the JVM outlives the platform. A promise
   * lets the rest of the platform start while that JVM is still starting.
   */
  dynamoEndpoint?: string | Promise<string>;
  /** A JVM started for a short run (a test): see `shortLived` in dynamodb.ts. */
  shortLivedDatabase?: boolean;
  /** Default 8005; 0 picks a free port. */
  sesPort?: number;
  /** An SES emulator already running, used instead of starting one (its inbox then outlives the platform). */
  sesUrl?: string;
  /** Default 8083; 0 picks a free port. */
  stepFunctionsPort?: number;
  /** A directory keeps data, signing key and stream positions across restarts; null (default) keeps everything in memory. */
  dataDir?: string | null;
  /** Extra environment for the handlers (e.g. REVIEW_DEADLINE_SECONDS). */
  env?: Record<string, string>;
  /** Only warnings and errors are printed. */
  quiet?: boolean;
  /** Table names are `<prefix><id lowercased>`; default `ogc-`. */
  tablePrefix?: string;
  /** Skips synthesizing the CDK app (tests that bring their own state machines, or none). */
  workflows?: LocalWorkflows;
  /** Seed reference data (areas, members, criteria); default true. */
  seed?: boolean;
  /** Interface the API and Step Functions endpoint listen on; default 127.0.0.1. */
  host?: string;
}

export interface Platform {
  apiUrl: string;
  /** The SES emulator's web inbox (same server as the SES API). */
  inboxUrl: string;
  sesUrl: string;
  dynamoEndpoint: string;
  stepFunctionsUrl: string;
  /** Every environment variable the platform set for the handlers. */
  environment: Record<string, string>;
  tables: Record<string, string>;
  stateMachines: Record<string, string>;
  /** The DynamoDB Local JVM this platform started (to check that stop() left no process behind); null with `dynamoEndpoint`. */
  javaPid: number | null;
  stepFunctions: StepFunctionsEngine;
  mailer: StreamMailer;
  tokenFor(email: string): Promise<string>;
  stop(): Promise<void>;
}

const MAIL_SWEEP_INTERVAL_MS = 5 * 60_000;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A DynamoDB Local someone else runs: a client of our own, and no process to stop. */
function sharedDynamoDb(endpoint: string, prefix: string): Pick<DynamoDbLocal, 'endpoint' | 'client'> & { pid: null } {
  return { endpoint, client: localDynamoClient(endpoint, prefix), pid: null };
}

function isMissingModule(error: unknown, file: string): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(file);
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const started = Date.now();
  // Node 20 is what this machine has; the SDK's notice about its future releases is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const quiet = options.quiet ?? false;
  const info = (message: string) => {
    if (!quiet) console.log(`[platform] ${message}`);
  };
  const warn = (message: string) => console.warn(`[platform] ${message}`);
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : null;
  const prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX;
  const host = options.host ?? '127.0.0.1';

  const stoppers: (() => Promise<void> | void)[] = [];
  /** The API's stop until it joins `stoppers`, last, so that it stops first: no request should meet a stopped database. */
  let stopApi: (() => Promise<void>) | undefined;
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        warn(`stopping: ${String(error)}`);
      }
    }
  };

  try {
    // The API binds first so its port (and so the issuer and base URL) is known; requests wait
    // for `ready`, which comes once the environment is set.
    const ready = deferred();
    // The public site is bundled while the rest starts; a build error stops the start below.
    const site = createSiteAssets();
    const consoleApp = createConsoleAssets();
    // The open-data exports live with the data (a scratch folder for an in-memory platform), served at their public paths.
    const publicDataDir = dataDir ? path.join(dataDir, 'exports') : mkdtempSync(path.join(tmpdir(), 'ogc-exports-'));
    if (!dataDir) stoppers.push(() => rmSync(publicDataDir, { recursive: true, force: true }));
    const api: LocalHttpServer = await startHttpServer({
      port: options.apiPort ?? 3000,
      host,
      routes: ROUTES,
      ready: ready.promise,
      site,
      console: consoleApp,
      publicData: createPublicDataFiles(publicDataDir),
    });
    stopApi = () => api.stop();
    const publicUrl = `http://localhost:${api.port}`;

    // Started side by side (the JVM takes seconds; synthesis too, on the other core). All are
    // awaited even when one fails, so that nothing is left running behind the error.
    const settled = await Promise.allSettled([
      options.dynamoEndpoint
        ? Promise.resolve(options.dynamoEndpoint).then((endpoint) => {
            const db = sharedDynamoDb(endpoint, prefix);
            stoppers.push(() => db.client.destroy());
            return db;
          })
        : startDynamoDbLocal({
            port: options.dynamoPort ?? 8000,
            dataDir: dataDir ? path.join(dataDir, 'dynamodb') : null,
            shortLived: options.shortLivedDatabase ?? false,
          }).then((db: DynamoDbLocal) => {
            stoppers.push(() => db.stop());
            return db;
          }),
      // The emulator's start timeout is generous: on two busy cores a Node child has taken over 30 s to listen.
      options.sesUrl
        ? Promise.resolve({ url: options.sesUrl })
        : startSesLocal({ port: options.sesPort ?? 8005, startTimeoutMs: 120_000 }).then((started: SesLocal) => {
            stoppers.push(() => started.stop());
            return started;
          }),
      options.workflows
        ? Promise.resolve(options.workflows)
        : loadTemplates({ echo: !quiet }).then((templates) => {
            if (templates === null) {
              warn('infra/synth.ts does not exist yet: the Step Functions stand-in runs without state machines');
              return { machines: [], environment: {}, streamSources: [] } satisfies LocalWorkflows;
            }
            return extractWorkflows(templates, prefix);
          }),
      createJwtIssuer({ apiUrl: publicUrl, dataDir }),
      site,
      consoleApp,
    ] as const);
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const [dynamo, ses, workflows, jwt] = settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as [
      Pick<DynamoDbLocal, 'endpoint' | 'client'> & { pid: number | null },
      Pick<SesLocal, 'url'>,
      LocalWorkflows,
      Awaited<ReturnType<typeof createJwtIssuer>>,
    ];
    info(`DynamoDB Local, SES emulator and state machines ready in ${Date.now() - started} ms`);

    const tables = await ensureTables(dynamo.client, prefix);

    const stepFunctions: LocalStepFunctions = await startStepFunctions({
      port: options.stepFunctionsPort ?? 8083,
      host,
      machines: workflows.machines,
      // Running executions are kept with the data, so a restart resumes them where they stood.
      stateDir: dataDir ? path.join(dataDir, 'step-functions') : null,
      log: (message) => info(`[step-functions] ${message}`),
    });
    stoppers.push(() => stepFunctions.stop());

    const environment: Record<string, string> = {
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      ...localCredentialsEnvironment(prefix),
      ...tables,
      [ENV.dynamodbEndpoint]: dynamo.endpoint,
      [ENV.sesEndpoint]: ses.url,
      [ENV.stepFunctionsEndpoint]: stepFunctions.url,
      [ENV.publicBaseUrl]: publicUrl,
      [ENV.publicDataDir]: publicDataDir,
      ...LOCAL_MAIL_ENVIRONMENT,
      [ENV.jwtIssuer]: jwt.issuer,
      [ENV.jwtJwksUrl]: jwksUrlFor(api.url),
      [ENV.jwtAudience]: jwt.audience,
      [ENV.designationSigningKey]: await loadOrCreateDesignationKey(dataDir),
      ...workflows.environment,
      // A quiet platform's handlers keep their warnings and errors and drop their info lines
      // (shared/http/logger.ts), or a test run prints thousands of workflow lines.
      ...(quiet ? { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } : {}),
      ...options.env,
    };
    // The local credentials, not a developer's AWS session or profile, sign the handlers' calls.
    useEnvironment({ ...environment, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined });

    // Data kept from before the queue index was sharded and cycle progress was counted is brought up to date, once.
    const migrated = await migrateStoredData();
    if (migrated && (migrated.queued > 0 || migrated.recountedCycles.length > 0)) {
      info(`stored data migrated: ${migrated.queued} queued items joined their queue shards, progress recounted for ${migrated.recountedCycles.length} cycles`);
    }

    if (options.seed ?? true) {
      const registry = path.join(REPO_ROOT, 'shared', 'store', 'registry.ts');
      try {
        const seedingStarted = Date.now();
        const { seedReferenceData } = (await import(pathToFileURL(registry).href)) as { seedReferenceData: () => Promise<unknown> };
        await seedReferenceData();
        info(`reference data seeded in ${Date.now() - seedingStarted} ms`);
        // The demo's invented example.org contacts: the deployed registry starts with none.
        const demoContacts = await importDemoContacts();
        if (demoContacts.imported) info('demo contacts imported from infra/local/demo-data/contacts.csv');
        if (demoContacts.refused) warn(`infra/local/demo-data/contacts.csv not imported. ${demoContacts.refused.message}`);
      } catch (error) {
        if (!isMissingModule(error, 'registry.ts')) throw error;
        warn('shared/store/registry.ts does not exist yet: reference data not seeded');
      }
    }

    // A fresh data directory gets its exports at once (empty, or from reforms already stored), before any release.
    const publication = path.join(REPO_ROOT, 'shared', 'publication', 'publish.ts');
    const { publishUnlessPublished } = (await import(pathToFileURL(publication).href)) as { publishUnlessPublished: (directory: string) => Promise<void> };
    await publishUnlessPublished(publicDataDir);

    // Faults AWS produces and the stand-ins never do, for the fault suite (`npm run faults`); the
    // injector is loaded only then.
    const faults = process.env.LOCAL_FAULTS;
    if (faults) {
      const { enableLocalFaults } = await import('./fault-injection.ts');
      warn(`injecting faults at the SDK boundary: ${JSON.stringify(enableLocalFaults(faults, dataDir))}`);
    }

    const outboxTables = TABLES.filter((table) => table.streamsOutbox).map((table) => localTableName(table, prefix));
    const mailer = await startStreamMailer({
      dynamoEndpoint: dynamo.endpoint,
      tablePrefix: prefix,
      sources: workflows.streamSources.length > 0 ? workflows.streamSources : outboxTables,
      stateDir: dataDir,
      log: (message) => warn(`[stream-mailer] ${message}`),
    });
    stoppers.push(() => mailer.stop());
    // The handlers write through this process's client: each write wakes the idle stream readers.
    stoppers.push(wakeOnWrites(handlersDynamoClient(), mailer));
    // Deployed, a schedule has the mailer sweep up pending mail every 5 minutes; here a timer does.
    const sweeps = setInterval(() => {
      invokeFunction('mailer', { sweep: true }).catch((error: unknown) => warn(`[mail-sweep] ${String(error)}`));
    }, MAIL_SWEEP_INTERVAL_MS);
    sweeps.unref();
    stoppers.push(() => clearInterval(sweeps));

    let timer: MonthlyTimer | undefined;
    const reviewArn = environment[ENV.reviewStateMachineArn];
    if (reviewArn) {
      timer = startMonthlyTimer({
        timeZone: process.env.REVIEW_TIME_ZONE || DEFAULT_TIME_ZONE,
        log: info,
        startCycle: (cycle) => {
          try {
            stepFunctions.engine.startExecution({ stateMachineArn: reviewArn, name: executionNameForCycle(cycle), input: JSON.stringify({ cycle }) });
          } catch (error) {
            // Already started (by an admin, or before a restart of the timer): nothing to do.
            if (!(error instanceof SfnError && error.type === 'ExecutionAlreadyExists')) throw error;
          }
        },
      });
      stoppers.push(() => timer?.stop());
    }
    const reminders = startDesignationReminderTimer(warn);
    stoppers.push(() => reminders.stop());

    api.setLocalPages({
      jwt,
      // The console is registered at both loopback names, so it signs in from whichever the browser uses.
      oauth: createLocalOAuth({ jwt, consoleUrls: [`${publicUrl}/console/`, `${api.url}/console/`] }),
      links: {
        'Public site': `${publicUrl}/`,
        'Review console': `${publicUrl}/console/`,
        'Mail inbox (SES emulator)': ses.url,
        'Step Functions endpoint (AWS JSON protocol)': stepFunctions.url,
        'DynamoDB Local endpoint': dynamo.endpoint,
      },
    });
    stoppers.push(stopApi);
    stopApi = undefined;
    ready.resolve();
    info(`ready in ${Date.now() - started} ms`);

    let stopping: Promise<void> | undefined;
    return {
      apiUrl: api.url,
      inboxUrl: ses.url,
      sesUrl: ses.url,
      dynamoEndpoint: dynamo.endpoint,
      stepFunctionsUrl: stepFunctions.url,
      environment,
      tables,
      stateMachines: Object.fromEntries(workflows.machines.map((machine) => [machine.name, machine.arn])),
      javaPid: dynamo.pid,
      stepFunctions: stepFunctions.engine,
      mailer,
      tokenFor: (email) => jwt.tokenFor(email),
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    await stopApi?.();
    throw error;
  }
}
