import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { startPlatform } from '../infra/local/platform.ts';
import { measureBundles } from './bundles.ts';
import { measureEndToEnd } from './end-to-end.ts';
import { measureInProcess } from './in-process.ts';
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

  console.log('1/3 in-process HTTP stack…');
  const inProcess = await measureInProcess();

  console.log('2/3 bundles…');
  const bundles = await measureBundles();

  console.log('3/3 end to end on the local platform…');
  const platform = await startPlatform({ apiPort: 0, dynamoPort: 0, sesPort: 0, stepFunctionsPort: 0, dataDir: null, quiet: true });
  let endToEnd;
  try {
    await measureEndToEnd(platform.apiUrl, { connections: 8, durationSeconds: 3 }); // warm the JVM and the handlers
    endToEnd = await measureEndToEnd(platform.apiUrl);
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
    '## Lambda bundles',
    '',
    'Minified ESM as the CDK function construct builds them (the AWS SDK is provided by the Lambda runtime).',
    '',
    '| function | size |',
    '|---|---|',
    ...bundles.map((bundle) => `| ${bundle.functionName} | ${round(bundle.bytes / 1024, 1)} KB |`),
    '',
  ];
  writeFileSync('BENCHMARKS.md', lines.join('\n'));
  console.log(lines.join('\n'));
}

await main();
process.exit(0);
