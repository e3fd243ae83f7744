import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { startPlatform } from '../infra/local/platform.ts';
import { measureBundles } from './bundles.ts';
import { consoleTableLines, measureConsoleTable } from './console-table.ts';
import { measureEndToEnd } from './end-to-end.ts';
import { measureInProcess } from './in-process.ts';
import { measureReviewCycle } from './review-cycle.ts';
import { round } from './stats.ts';

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
  const cycleSize = Number(process.env.BENCH_CYCLE_SIZE ?? 10_000);

  console.log('1/4 in-process HTTP stack…');
  const inProcess = await measureInProcess();

  console.log('2/4 bundles…');
  const bundles = await measureBundles();

  // One platform for both (handlers keep their SDK clients for the process's life). The load test's
  // submissions arrive this month, so the review cycle of an earlier month does not collect them.
  const platform = await startPlatform({ apiPort: 0, dynamoPort: 0, sesPort: 0, stepFunctionsPort: 0, dataDir: null, quiet: true });
  let endToEnd;
  let cycle;
  let consoleTable;
  try {
    // The cycle first: the load test leaves thousands of emails for the mailer to drain afterwards.
    console.log(`3/4 a review cycle of ${cycleSize.toLocaleString('en')} submissions…`);
    cycle = await measureReviewCycle(platform, cycleSize);
    console.log('4/4 end to end on the local platform…');
    await measureEndToEnd(platform.apiUrl, { connections: 8, durationSeconds: 3 }); // warm the handlers
    endToEnd = await measureEndToEnd(platform.apiUrl);
    console.log('and the review console on a cycle of 1,000 in Chromium…');
    consoleTable = await measureConsoleTable(platform);
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
    '## A review cycle',
    '',
    `${cycle.submissions.toLocaleString('en')} submissions awaiting review, one cycle started through the API and run by the`,
    'synthesized state machines in the local Step Functions stand-in, up to the point where every decision',
    'task is open and the reviewers have their digest.',
    '',
    '| measure | result | limit |',
    '|---|---|---|',
    `| collect and screen (cycle start → decisions start) | ${round(cycle.collectAndScreenSeconds, 1)} s (${round(cycle.submissions / cycle.collectAndScreenSeconds, 0)} submissions/s) | |`,
    `| every decision task open (cycle start → reviewers' digest) | ${round(cycle.decisionsOpenSeconds, 1)} s | |`,
    `| decision executions open at once | ${cycle.decisionExecutions.toLocaleString('en')} | all of them (an inline Map would hold 40) |`,
    `| largest state observed (input or output of any state) | ${cycle.largestStateBytes} bytes (${cycle.largestStateName}) | 262,144 bytes |`,
    `| DynamoDB requests per submission | ${round(cycle.dynamoRequestsPerSubmission, 2)} | grows with the cycle, not the table |`,
    `| platform memory (RSS) with every decision waiting | ${cycle.rssMiB} MiB | |`,
    '',
    `Requests by kind: ${Object.entries(cycle.dynamoRequestsByCommand)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([command, count]) => `${command.replace(/Command$/, '')} ${count.toLocaleString('en')}`)
      .join(', ')}.`,
    '',
    '## Lambda bundles',
    '',
    'Minified ESM as the CDK function construct builds them (the AWS SDK is provided by the Lambda runtime).',
    '',
    '| function | size |',
    '|---|---|',
    ...bundles.map((bundle) => `| ${bundle.functionName} | ${round(bundle.bytes / 1024, 1)} KB |`),
    '',
    ...consoleTableLines(consoleTable),
  ];
  writeFileSync('BENCHMARKS.md', lines.join('\n'));
  console.log(lines.join('\n'));

  const summary = [
    '| measure | result | target |',
    '|---|---|---|',
    `| validation + handler in process, p99 | ${round(inProcess.p99Ms)} ms | < ${TARGETS.inProcessP99Ms} ms |`,
    `| \`POST /v1/submissions\` end to end (mailer draining meanwhile) | ${round(endToEnd.throughputPerSecond, 0)} accepted/s, p50 ${endToEnd.p50Ms} ms, p99 ${endToEnd.p99Ms} ms, ${endToEnd.errors + endToEnd.non2xx} errors | ≥ ${TARGETS.throughputPerSecond}/s, 0 errors |`,
    `| largest Lambda bundle | ${round(largest.bytes / 1024, 1)} KB | < ${TARGETS.bundleBytes / 1024} KB |`,
    `| review cycle of ${cycle.submissions.toLocaleString('en')}: collect + screen / all decisions open | ${round(cycle.collectAndScreenSeconds, 1)} s / ${round(cycle.decisionsOpenSeconds, 1)} s | |`,
    `| largest Step Functions state in that cycle | ${cycle.largestStateBytes} bytes | 256 KiB |`,
    `| DynamoDB requests per submission in that cycle | ${round(cycle.dynamoRequestsPerSubmission, 2)} | |`,
  ].join('\n');
  const readme = readFileSync('README.md', 'utf8');
  writeFileSync('README.md', readme.replace(/<!-- bench:summary -->[\s\S]*?(?=\n## )/, `<!-- bench:summary -->\n${summary}\n`));
}

await main();
process.exit(0);
