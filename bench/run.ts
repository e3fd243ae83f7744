import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { startPlatform } from '../infra/local/platform.ts';
import { measureBundles } from './bundles.ts';
import { consoleTableLines, measureConsoleTable } from './console-table.ts';
import { measureCycles, scaleLines, scaleSummary } from './cycle-report.ts';
import { measureEndToEnd } from './end-to-end.ts';
import { measureInProcess } from './in-process.ts';
import { measurePublicReads, publicReadsLines } from './public-reads.ts';
import { round } from './stats.ts';
import { BENCHMARKS_FILE, sectionPattern } from './benchmarks-file.ts';
import { TEST_SUITE_HEADING } from './test-suite.ts';

/**
 * `npm run bench`: measures the targets of the project on this machine and writes BENCHMARKS.md.
 * Numbers are measurements, not assertions: the tests never time anything.
 */
const TARGETS = { inProcessP99Ms: 1, throughputPerSecond: 200, bundleBytes: 500 * 1024 };

const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

async function main() {
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`benchmarking on ${machine}`);

  // Handlers log every workflow step at info level: thousands of lines that would only slow the run.
  process.env.LOG_LEVEL = 'silent';

  console.log('1/5 in-process HTTP stack…');
  const inProcess = await measureInProcess();

  console.log('2/5 bundles…');
  const bundles = await measureBundles();

  // Each review cycle in a process and platform of its own (sizes: BENCH_DISK_SIZES, BENCH_MEMORY_SIZES).
  console.log('3/5 review cycles at several sizes, on disk and in memory…');
  const cycles = await measureCycles();

  // One platform for the rest (handlers keep their SDK clients for the process's life).
  const platform = await startPlatform({ apiPort: 0, dynamoPort: 0, sesPort: 0, stepFunctionsPort: 0, dataDir: null, quiet: true });
  let endToEnd;
  let consoleTable;
  let publicReads;
  try {
    console.log('4/5 end to end on the local platform…');
    await measureEndToEnd(platform.apiUrl, { connections: 8, durationSeconds: 3 }); // warm the handlers
    endToEnd = await measureEndToEnd(platform.apiUrl);
    console.log('5/5 the review console on a cycle of 1,000 in Chromium, and the public reads…');
    consoleTable = await measureConsoleTable(platform, Number(process.env.BENCH_CONSOLE_SIZE ?? 1000));
    publicReads = await measurePublicReads(platform, Number(process.env.BENCH_PUBLIC_REFORMS ?? 10_000));
  } finally {
    await platform.stop();
  }

  const largest = bundles.reduce((max, bundle) => (bundle.bytes > max.bytes ? bundle : max));
  const lines = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}.`,
    'The tests never time anything; this script is the only place numbers come from.',
    '',
    '## Intake',
    '',
    '| measure | result | target | |',
    '|---|---|---|---|',
    `| in-process validation + handler, no storage (p50 / p99 over ${inProcess.iterations.toLocaleString('en')} calls) | ${round(inProcess.p50Ms)} ms / ${round(inProcess.p99Ms)} ms | p99 < ${TARGETS.inProcessP99Ms} ms | ${mark(inProcess.p99Ms < TARGETS.inProcessP99Ms)} |`,
    `| \`POST /v1/submissions\` end to end, ${endToEnd.connections} connections for ${endToEnd.durationSeconds} s | ${round(endToEnd.throughputPerSecond, 0)} accepted/s | ≥ ${TARGETS.throughputPerSecond}/s | ${mark(endToEnd.throughputPerSecond >= TARGETS.throughputPerSecond)} |`,
    `| latency end to end (p50 / p99) | ${endToEnd.p50Ms} ms / ${endToEnd.p99Ms} ms | | |`,
    `| errors (connection errors + timeouts / non-2xx answers) | ${endToEnd.errors} / ${endToEnd.non2xx} | 0 | ${mark(endToEnd.errors + endToEnd.non2xx === 0)} |`,
    `| largest Lambda bundle (${largest.functionName}) | ${round(largest.bytes / 1024, 1)} KB | < ${TARGETS.bundleBytes / 1024} KB | ${mark(largest.bytes < TARGETS.bundleBytes)} |`,
    '',
    'End to end means: HTTP server → the real handler → DynamoDB Local (reference counter, then one',
    'transaction with the submission and its outbox emails) while the stream mailer drains the outbox',
    'into the SES emulator, all on the same two cores.',
    '',
    ...scaleLines(cycles),
    '## Lambda bundles',
    '',
    'Minified ESM as the CDK function construct builds them (the AWS SDK is provided by the Lambda runtime).',
    '',
    '| function | size |',
    '|---|---|',
    ...bundles.map((bundle) => `| ${bundle.functionName} | ${round(bundle.bytes / 1024, 1)} KB |`),
    '',
    ...consoleTableLines(consoleTable),
    '',
    ...publicReadsLines(publicReads),
  ];
  // The test suite's section comes from `npm run bench:tests` alone: kept as it was.
  const testSuite = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, 'utf8').match(sectionPattern(TEST_SUITE_HEADING))?.[0] : undefined;
  writeFileSync(BENCHMARKS_FILE, [...lines, ...(testSuite ? ['', testSuite] : [])].join('\n'));
  console.log(lines.join('\n'));

  const summary = [
    '| measure | result | target |',
    '|---|---|---|',
    `| validation + handler in process, p99 | ${round(inProcess.p99Ms)} ms | < ${TARGETS.inProcessP99Ms} ms |`,
    `| \`POST /v1/submissions\` end to end (mailer draining meanwhile) | ${round(endToEnd.throughputPerSecond, 0)} accepted/s, p50 ${endToEnd.p50Ms} ms, p99 ${endToEnd.p99Ms} ms, ${endToEnd.errors + endToEnd.non2xx} errors | ≥ ${TARGETS.throughputPerSecond}/s, 0 errors |`,
    `| largest Lambda bundle | ${round(largest.bytes / 1024, 1)} KB | < ${TARGETS.bundleBytes / 1024} KB |`,
    ...scaleSummary(cycles),
  ].join('\n');
  const readme = readFileSync('README.md', 'utf8');
  writeFileSync('README.md', readme.replace(/<!-- bench:summary -->[\s\S]*?(?=\n## )/, `<!-- bench:summary -->\n${summary}\n`));
}

await main();
process.exit(0);
