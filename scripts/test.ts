import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typecheck } from './typecheck.ts';

/**
 * `npm test`: the type checks and the whole vitest run side by side. The tests keep both cores
 * busy only in bursts (they wait on the JVM, Chromium and HTTP), and the checks fill the gaps at a
 * lower priority, so the pair takes little longer than the tests alone. Arguments go to vitest
 * (`npm test -- test/unit`). The exit code is 1 when either fails; the checks' report is printed
 * after the tests'.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

const started = Date.now();
const checks = typecheck(10);
const tests = new Promise<boolean>((resolve) => {
  const child = spawn(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('close', (code) => resolve(code === 0));
});
const [checked, passed] = await Promise.all([checks, tests]);
process.stdout.write(`\n${checked.report}`);
console.log(`npm test: ${passed && checked.ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s (types ${checked.ok ? 'ok' : 'FAILED'}, tests ${passed ? 'passed' : 'FAILED'})`);
process.exit(passed && checked.ok ? 0 : 1);
