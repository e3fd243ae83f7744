import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEntryPoint } from '../infra/entry-point.ts';

/**
 * `npm run typecheck`: the three TypeScript projects — the Node code (root tsconfig.json), the
 * public site and the review console (each with the DOM's types) — checked side by side rather
 * than one after the other: on two cores the root check sets the pace and the other two run
 * beside it. Each check remembers what it checked (`--incremental`, under node_modules/.cache), so
 * a second run re-checks only what changed. `npm test` runs the same checks beside the tests
 * (scripts/test.ts).
 */

const PROJECTS = ['.', 'site', 'console'] as const;
const root = fileURLToPath(new URL('..', import.meta.url));
// The package exports no bin path; its folder holds bin/tsc (a launcher for the native compiler).
const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const BUILD_INFO_DIR = path.join(root, 'node_modules', '.cache', 'ogc-typecheck');

export interface TypecheckResult {
  ok: boolean;
  /** Every check's output, then a line per check with its result and time. */
  report: string;
}

function check(project: string, niceness: number): Promise<TypecheckResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const buildInfo = path.join(BUILD_INFO_DIR, `${project === '.' ? 'root' : project}.tsbuildinfo`);
    // Beside the tests, one thread: the machine's cores are taken, and tsc's worker threads only
    // add their own overhead (on two cores, about 40 % more CPU for the root check).
    const besideOtherWork = niceness > 0 ? ['--singleThreaded'] : [];
    const child = spawn(process.execPath, [tsc, '--noEmit', '--incremental', '--tsBuildInfoFile', buildInfo, ...besideOtherWork, '-p', project], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (niceness > 0 && child.pid) {
      try {
        os.setPriority(child.pid, niceness);
      } catch {
        // Not permitted here: the check runs at normal priority.
      }
    }
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (code) => {
      const ok = code === 0;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      resolve({ ok, report: `${Buffer.concat(output).toString()}tsc -p ${project}: ${ok ? 'no errors' : 'FAILED'} (${seconds} s)\n` });
    });
  });
}

/** Checks every project; `niceness` > 0 runs the checks at a lower priority than what runs beside them. */
export async function typecheck(niceness = 0): Promise<TypecheckResult> {
  const results = await Promise.all(PROJECTS.map((project) => check(project, niceness)));
  return { ok: results.every((result) => result.ok), report: results.map((result) => result.report).join('') };
}

if (isEntryPoint(import.meta.url)) {
  const result = await typecheck();
  process.stdout.write(result.report);
  process.exit(result.ok ? 0 : 1);
}
