import { spawn, type ChildProcess } from 'node:child_process';
import net, { type AddressInfo, type Server } from 'node:net';

/**
 * Child processes of the local platform (the DynamoDB Local JVM, the SES emulator). The rule they
 * all follow: whatever way this Node process ends — stop(), an exception, Ctrl-C, even SIGKILL —
 * no child outlives it.
 */

/** Asks the OS for a free TCP port (for stand-ins that must be told their port up front). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  readonly hasExited: () => boolean;
  /** The last few KB of the child's stdout and stderr, for error messages. */
  readonly output: () => string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Echo the child's output to our stderr (otherwise it is kept only for error messages). */
  echo?: boolean;
  /**
   * How the child learns that we died without calling stop():
   * - `watchdog`: a tiny `sh` holds a pipe from us and kills the child when the pipe closes
   *   (for children such as the JVM that do not read stdin);
   * - `stdin`: the child itself exits when its stdin closes (for our own Node children).
   */
  orphanGuard: 'watchdog' | 'stdin';
  /** Turns a failed spawn (e.g. ENOENT) into an actionable message. */
  describeSpawnError?: (error: NodeJS.ErrnoException) => string;
}

const OUTPUT_LIMIT = 16 * 1024;

/** Processes started and not yet stopped: killed from the synchronous 'exit' hook. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' runs on normal exit, process.exit() and uncaught exceptions; only synchronous work is
  // possible here, and kill() is synchronous. Signals are handled by whoever owns the process
  // (start.ts, vitest); the watchdog covers the cases where no JavaScript runs at all.
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGTERM');
      } catch {
        // already gone
      }
    }
  });
}

export async function spawnManaged(command: string, args: string[], options: SpawnOptions): Promise<ManagedProcess> {
  installExitHook();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.orphanGuard === 'stdin' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });

  let buffered = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    buffered = (buffered + text).slice(-OUTPUT_LIMIT);
    if (options.echo) process.stderr.write(text.replace(/^(?=.)/gm, `[${options.name}] `));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exitedFlag = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      live.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });

  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(options.describeSpawnError?.(error) ?? `${options.name}: could not start ${command}: ${error.message}`, { cause: error }));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name}: ${command} started without a pid`);
  live.add(child);

  let watchdog: ChildProcess | undefined;
  if (options.orphanGuard === 'watchdog') {
    // `cat` returns when the pipe from us closes, which the kernel does for us even on SIGKILL.
    watchdog = spawn('sh', ['-c', 'cat >/dev/null; kill "$1" 2>/dev/null', 'ogc-watchdog', String(pid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    watchdog.on('error', () => undefined);
    watchdog.stdin?.on('error', () => undefined);
    // Neither the pipe nor the watchdog should keep our event loop alive.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    void exited.then(() => watchdog?.kill('SIGKILL'));
  } else {
    child.stdin?.on('error', () => undefined);
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }

  return {
    name: options.name,
    pid,
    child,
    exited,
    hasExited: () => exitedFlag,
    output: () => buffered,
    async stop(graceMs = 5000) {
      if (exitedFlag) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      watchdog?.kill('SIGKILL');
    },
  };
}

/** True while a process with this pid exists (signal 0 checks without signalling). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Polls `probe` until it resolves true, failing early (with the child's output) if the child exits
 * and after `timeoutMs` otherwise.
 */
export async function waitUntilReady(
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  hint = '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.hasExited()) {
      throw new Error(`${proc.name} exited before it was ready.${hint}\n--- its output ---\n${proc.output().trim()}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      await proc.stop(1000);
      throw new Error(`${proc.name} did not become ready within ${timeoutMs} ms.${hint}\n--- its output ---\n${proc.output().trim()}`);
    }
    await sleep(50);
  }
}

/** Binds a server and resolves once it listens (or rejects with the bind error, e.g. EADDRINUSE). */
export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
