import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, spawnManaged, waitUntilReady } from './processes.ts';

/**
 * The SES emulator (`aws-ses-v2-local`: SES v1 and v2 APIs, a web inbox at `/`, `GET /store` for
 * tests). It runs as its own Node process rather than in ours: its Express app and in-memory
 * store then cost the API's event loop nothing, and it dies with us (it exits when its stdin,
 * a pipe from us, closes).
 */

export interface SesLocalOptions {
  /** 0 picks a free port. */
  port: number;
  echo?: boolean;
  startTimeoutMs?: number;
}

export interface SesLocal {
  /** The SES API endpoint and the web inbox: the emulator serves both on one port. */
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

// Runs the emulator's own CLI, but exits as soon as the pipe from the platform closes.
const GUARDED_CLI = [
  "process.stdin.on('end', () => process.exit(0));",
  "process.stdin.on('error', () => process.exit(0));",
  'process.stdin.resume();',
  'require(process.argv[1]);',
].join(' ');

function cliPath(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('aws-ses-v2-local/package.json')), 'dist', 'cli.js');
  } catch {
    throw new Error('The npm package aws-ses-v2-local is not installed: run npm install.');
  }
}

export async function startSesLocal(options: SesLocalOptions): Promise<SesLocal> {
  const wantsRandomPort = options.port === 0;
  for (let attempt = 1; ; attempt++) {
    const port = wantsRandomPort ? await freePort() : options.port;
    const url = `http://127.0.0.1:${port}`;
    const env = { ...process.env };
    // Our loaders (tsx, vitest) have nothing to do in a plain CommonJS child.
    delete env.NODE_OPTIONS;
    const child = await spawnManaged(process.execPath, ['-e', GUARDED_CLI, cliPath(), '--port', String(port), '--host', '127.0.0.1'], {
      name: 'SES emulator',
      orphanGuard: 'stdin',
      env,
      echo: options.echo ?? false,
    });
    try {
      await waitUntilReady(
        child,
        async () => (await fetch(`${url}/health-check`, { signal: AbortSignal.timeout(1000) })).ok,
        options.startTimeoutMs ?? 30_000,
      );
    } catch (error) {
      await child.stop(1000);
      if (/EADDRINUSE/.test(child.output())) {
        if (wantsRandomPort && attempt < 3) continue;
        throw new Error(`Port ${port} is already in use: is another SES emulator (or platform) running? Set another port.`);
      }
      throw error;
    }
    return { url, port, pid: child.pid, stop: () => child.stop() };
  }
}
