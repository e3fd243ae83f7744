import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * `npm run typecheck`: the three TypeScript projects — the Node code (root tsconfig.json), the
 * public site and the review console (each with the DOM's types) — checked side by side rather
 * than one after the other: on two cores the root check sets the pace and the other two run
 * beside it. Each check's output is printed whole when it ends, and the exit code is 1 when any
 * of them fails.
 */

const PROJECTS = ['.', 'site', 'console'] as const;
const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function check(project: string): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (code) => {
      const ok = code === 0;
      process.stdout.write(Buffer.concat(output));
      console.log(`tsc -p ${project}: ${ok ? 'no errors' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      resolve(ok);
    });
  });
}

const results = await Promise.all(PROJECTS.map(check));
process.exit(results.every(Boolean) ? 0 : 1);
