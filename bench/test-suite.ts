import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { isEntryPoint } from '../infra/entry-point.ts';
import { writeBenchmarksSection } from './benchmarks-file.ts';
import { round } from './stats.ts';

/**
 * `npm run bench:tests [runs]`: times the whole `npm test` on this machine, `runs` times one after
 * another (3 by default), and writes its section of BENCHMARKS.md. Beside each run it times a fixed
 * loop, because this machine's speed changes from one run to the next and the suite's time follows
 * it, and it samples the CPU of every process of the run (the JVM, Chromium, the emulators), since
 * the run is bound by its two cores. Nothing here is a test: the tests never time anything.
 */

const TARGET_SECONDS = 90;
/** The heading of this script's section of BENCHMARKS.md, which `npm run bench` keeps when it rewrites the rest. */
export const TEST_SUITE_HEADING = 'The test suite (`npm test`)';
const SAMPLE_EVERY_MS = 500;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLOCK_TICKS_PER_SECOND = 100;

interface Run {
  loopSeconds: number;
  seconds: number;
  cpuSeconds: number | null;
  passed: boolean;
}

/** Seconds a fresh Node process takes for 300 million additions: the machine's speed right now. */
function timeLoop(): number {
  const result = spawnSync(process.execPath, ['-e', 'const t=process.hrtime.bigint();let s=0;for(let i=0;i<3e8;i++)s+=i;console.log(Number(process.hrtime.bigint()-t)/1e9,s>0)'], {
    encoding: 'utf8',
  });
  return Number(result.stdout.split(' ')[0]);
}

/** Every process under `root` (the run's tree), with the CPU each has used so far, in seconds. */
function treeCpu(root: number): Map<string, number> {
  const parents = new Map<number, number>();
  const cpu = new Map<number, { key: string; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // The command name may hold spaces and parentheses: the fields start after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    parents.set(pid, Number(fields[1]));
    // utime, stime, and the start time to tell a reused pid apart.
    cpu.set(pid, { key: `${pid}:${fields[19]}`, seconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND });
  }
  const inTree = (pid: number): boolean => {
    for (let current: number | undefined = pid, hops = 0; current !== undefined && current > 1 && hops < 64; hops++) {
      if (current === root) return true;
      current = parents.get(current);
    }
    return false;
  };
  const used = new Map<string, number>();
  for (const [pid, { key, seconds }] of cpu) if (inTree(pid)) used.set(key, seconds);
  return used;
}

/** One `npm test`: its time, whether it passed, and the CPU its processes used (sampled; null without /proc). */
async function timeSuite(): Promise<Omit<Run, 'loopSeconds'>> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const sampling = existsSync('/proc') && child.pid !== undefined;
  // The most CPU each process of the tree was seen with: a process that ends takes what it used
  // since the last sample with it (at most half a second of it).
  const seen = new Map<string, number>();
  const sample = () => {
    if (!sampling) return;
    for (const [key, seconds] of treeCpu(child.pid!)) seen.set(key, Math.max(seen.get(key) ?? 0, seconds));
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const passed = code === 0;
  if (!passed) process.stdout.write(output.join('').split('\n').slice(-40).join('\n'));
  return { seconds, passed, cpuSeconds: sampling ? [...seen.values()].reduce((sum, value) => sum + value, 0) : null };
}

function sectionLines(runs: Run[], date: string): string[] {
  const times = runs.map((run) => run.seconds);
  const met = runs.every((run) => run.passed && run.seconds < TARGET_SECONDS);
  return [
    `## ${TEST_SUITE_HEADING}`,
    '',
    `Measured by \`npm run bench:tests\` on ${date}: the whole \`npm test\` (type checks and every test file), ${runs.length} runs one after another on a warm checkout, the machine otherwise idle. The loop is 300 million additions in a fresh Node process, timed just before each run: this machine's speed changes from one run to the next, and the suite's time follows it. CPU is that of every process of the run (the JVM, Chromium, the emulators, vitest's workers), sampled every ${SAMPLE_EVERY_MS} ms.`,
    '',
    '| run | loop | `npm test` | CPU of the run | cores used on average | result |',
    '|---|---|---|---|---|---|',
    ...runs.map(
      (run, index) =>
        `| ${index + 1} | ${round(run.loopSeconds, 2)} s | ${round(run.seconds, 1)} s | ${run.cpuSeconds === null ? 'n/a' : `${round(run.cpuSeconds, 0)} s`} | ${run.cpuSeconds === null ? 'n/a' : round(run.cpuSeconds / run.seconds, 2)} | ${run.passed ? 'passed' : '**failed**'} |`,
    ),
    '',
    `Target: under ${TARGET_SECONDS} s. Fastest ${round(Math.min(...times), 1)} s, slowest ${round(Math.max(...times), 1)} s: ${met ? 'met' : '**missed**'}.`,
    '',
  ];
}

if (isEntryPoint(import.meta.url)) {
  const count = Number(process.argv[2] ?? 3);
  if (!Number.isInteger(count) || count < 1) {
    console.error('usage: npm run bench:tests [runs], runs a whole number from 1');
    process.exit(2);
  }
  console.log(`timing npm test ${count} times on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()})`);
  const runs: Run[] = [];
  for (let index = 0; index < count; index++) {
    const loopSeconds = timeLoop();
    const run = { loopSeconds, ...(await timeSuite()) };
    runs.push(run);
    console.log(`run ${index + 1}: loop ${round(loopSeconds, 2)} s, npm test ${round(run.seconds, 1)} s${run.cpuSeconds === null ? '' : `, ${round(run.cpuSeconds, 0)} s of CPU`}, ${run.passed ? 'passed' : 'FAILED'}`);
  }
  writeBenchmarksSection(TEST_SUITE_HEADING, sectionLines(runs, new Date().toISOString().slice(0, 10)));
  console.log('BENCHMARKS.md: section "The test suite" written');
  process.exit(runs.every((run) => run.passed) ? 0 : 1);
}
