import net from 'node:net';
import { REPO_ROOT } from '../infra/local/lambda-runtime.ts';
import { freePort, sleep, spawnManaged, waitUntilReady } from '../infra/local/processes.ts';
import { startSesLocal, type SesLocal } from '../infra/local/ses.ts';
import type { LocalFaults } from '../infra/local/fault-injection.ts';

/**
 * The platform as people run it — `npm start` (infra/local/start.ts) in a process of its own, with a
 * data directory — so that the fault suite can kill it with SIGKILL and start it again on the same
 * data. Its ports are fixed for the whole run (the load generator keeps one address), and it uses an
 * SES emulator started here: the emulator's inbox is what the suite counts, so it must outlive the
 * platform it watches.
 */

export interface PlatformPorts {
  api: number;
  dynamo: number;
  stepFunctions: number;
}

export interface PlatformProcess {
  apiUrl: string;
  dynamoEndpoint: string;
  /** SIGKILL, as a crashed machine or an OOM killer would; resolves once its DynamoDB Local has let go of the data. */
  kill(): Promise<void>;
  /** SIGTERM: the platform stops what it started. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 600_000;

export async function choosePorts(): Promise<PlatformPorts> {
  return { api: await freePort(), dynamo: await freePort(), stepFunctions: await freePort() };
}

export function startSes(): Promise<SesLocal> {
  return startSesLocal({ port: 0 });
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startPlatformProcess(options: { dataDir: string; ports: PlatformPorts; sesUrl: string; faults: LocalFaults }): Promise<PlatformProcess> {
  const apiUrl = `http://127.0.0.1:${options.ports.api}`;
  // Managed as the platform manages its own children: stopped if this script ends, however it ends.
  const platform = await spawnManaged(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    name: 'platform',
    cwd: REPO_ROOT,
    orphanGuard: 'watchdog',
    env: {
      ...process.env,
      PORT: String(options.ports.api),
      DYNAMODB_PORT: String(options.ports.dynamo),
      STEPFUNCTIONS_PORT: String(options.ports.stepFunctions),
      SES_URL: options.sesUrl,
      OGC_DATA_DIR: options.dataDir,
      LOCAL_FAULTS: JSON.stringify(options.faults),
      LOG_LEVEL: 'silent',
    },
  });
  await waitUntilReady(platform, async () => (await fetch(`${apiUrl}/v1/health`, { signal: AbortSignal.timeout(2000) })).ok, READY_TIMEOUT_MS);

  return {
    apiUrl,
    dynamoEndpoint: `http://127.0.0.1:${options.ports.dynamo}`,
    async kill() {
      platform.child.kill('SIGKILL');
      await platform.exited;
      // Its JVM is stopped by the platform's watchdog once the platform is gone; the next one needs the port and the files.
      while (await portAnswers(options.ports.dynamo)) await sleep(100);
    },
    stop: () => platform.stop(30_000),
  };
}
