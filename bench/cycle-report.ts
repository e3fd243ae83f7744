import { extractWorkflows, loadTemplates } from '../infra/local/cloud-template.ts';
import { loadDefinition, type AslMachine } from '../infra/local/step-functions/asl.ts';
import { reviewCycleHistoryEvents } from '../infra/local/step-functions/history-events.ts';
import { AWS_PRICES, costPerSubmission } from './aws-cost.ts';
import { measureCycle, type CycleScaleResult, type CycleSetup } from './cycle-scale.ts';
import { measureDynamoDbLocal, type RawBlock } from './dynamodb-raw.ts';
import type { DynamoUsage } from './dynamo-meter.ts';
import { round } from './stats.ts';

/**
 * The review month at several sizes (issue: a cycle's cost grows linearly): runs the cycles, then
 * writes their section of BENCHMARKS.md and their rows of the README's summary.
 */

/** Per-submission time at the largest size may be at most this multiple of the smallest's. */
export const LINEARITY_TARGET = 1.25;
/** AWS fails an execution at 25,000 history events; a cycle must stay under half. */
const HISTORY_LIMIT = 25_000;
const HISTORY_SIZE = 100_000;

export interface CycleRuns {
  disk: CycleScaleResult[];
  memory: CycleScaleResult[];
  /** DynamoDB Local alone, on disk, as its table grows: single requests, none of our code. */
  raw: RawBlock[];
  definition: AslMachine;
}

const sizes = (variable: string, fallback: string) =>
  (process.env[variable] ?? fallback)
    .split(',')
    .map(Number)
    .filter((size) => Number.isInteger(size) && size > 0)
    .sort((a, b) => a - b);

/**
 * BENCH_DISK_SIZES (default 1000,5000) on the on-disk platform seeded through the API;
 * BENCH_MEMORY_SIZES (default 1000,10000) in memory, the largest also decided and released
 * (BENCH_RELEASE=0 skips that); BENCH_RAW_ITEMS (default 2000) for DynamoDB Local alone.
 */
export async function measureCycles(): Promise<CycleRuns> {
  const templates = await loadTemplates();
  if (!templates) throw new Error('The CDK app could not be synthesized');
  const machine = extractWorkflows(templates, 'ogc-').machines.find((candidate) => candidate.name === 'ReviewCycle');
  if (!machine) throw new Error('The ReviewCycle state machine is missing');

  const run = async (setup: CycleSetup, list: number[], release: boolean) => {
    const results: CycleScaleResult[] = [];
    for (const size of list) {
      const withRelease = release && size === list.at(-1);
      console.log(`  ${setup}: a cycle of ${size.toLocaleString('en')}${withRelease ? ', decided and released' : ''}…`);
      results.push(await measureCycle(setup, size, { release: withRelease }));
    }
    return results;
  };
  const disk = await run('disk', sizes('BENCH_DISK_SIZES', '1000,5000'), false);
  const memory = await run('memory', sizes('BENCH_MEMORY_SIZES', '1000,10000'), process.env.BENCH_RELEASE !== '0');
  console.log('  DynamoDB Local alone, on disk…');
  const raw = await measureDynamoDbLocal(true, Number(process.env.BENCH_RAW_ITEMS ?? 2000));
  return { disk, memory, raw, definition: loadDefinition(machine.definition) };
}

const ms = (seconds: number) => round(seconds * 1000, 1);
const perSubmissionMs = (result: CycleScaleResult) => (result.review.seconds * 1000) / result.submissions;
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const count = (value: number) => Math.round(value).toLocaleString('en');
const WRITE_COMMANDS = ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand'];

function meanLatency(usage: DynamoUsage, commands: string[]): number {
  const requests = commands.reduce((sum, command) => sum + (usage.requests[command] ?? 0), 0);
  const milliseconds = commands.reduce((sum, command) => sum + (usage.milliseconds[command] ?? 0), 0);
  return requests === 0 ? 0 : milliseconds / requests;
}

/** Largest over smallest per-submission time, when there are two sizes. */
function ratioOf(results: CycleScaleResult[]): number | undefined {
  if (results.length < 2) return undefined;
  return perSubmissionMs(results.at(-1)!) / perSubmissionMs(results[0]!);
}

function timingRows(setup: string, results: CycleScaleResult[]): string[] {
  const smallest = results[0];
  return results.map((result) => {
    const ratio = smallest && result !== smallest ? `${round(perSubmissionMs(result) / perSubmissionMs(smallest), 2)}×` : '1×';
    return `| ${setup} | ${result.submissions.toLocaleString('en')} | ${round(result.intake.seconds, 1)} s | ${round(result.review.seconds, 1)} s | ${round(result.collectAndScreenSeconds, 1)} s | ${round(perSubmissionMs(result), 1)} ms | ${round(result.submissions / result.review.seconds, 1)}/s | ${ratio} | ${round(result.progressReadMs, 0)} ms |`;
  });
}

function requestRows(setup: string, results: CycleScaleResult[]): string[] {
  return results.map(({ submissions, review, rawQueueQueryMs }) => {
    const requests = Object.values(review.dynamo.requests).reduce((sum, value) => sum + value, 0);
    return `| ${setup} | ${submissions.toLocaleString('en')} | ${round(requests / submissions, 2)} | ${round(review.dynamo.readUnits / submissions, 1)} | ${round(review.dynamo.writeUnits / submissions, 1)} | ${round(meanLatency(review.dynamo, WRITE_COMMANDS), 1)} ms | ${round(meanLatency(review.dynamo, ['QueryCommand']), 1)} ms | ${round(rawQueueQueryMs, 1)} ms |`;
  });
}

/** The cost per submission from the runs: intake from the smallest disk run, the rest from the released memory run. */
function measuredCost(runs: CycleRuns) {
  const intakeRun = runs.disk[0];
  const reviewRun = runs.memory.find((result) => result.release) ?? runs.memory.at(-1);
  if (!intakeRun || !reviewRun) return undefined;
  const phases = [
    { usage: intakeRun.intake, submissions: intakeRun.submissions },
    ...[reviewRun.review, reviewRun.decisions, reviewRun.release].flatMap((usage) => (usage ? [{ usage, submissions: reviewRun.submissions }] : [])),
  ];
  const lines = costPerSubmission(phases, reviewRun.stateTransitions / reviewRun.submissions);
  return {
    intakeRun,
    reviewRun,
    lines,
    total: lines.reduce((sum, line) => sum + line.dollars, 0),
    emails: lines.find((line) => line.what === 'SES')?.dollars ?? 0,
  };
}

function costLines(runs: CycleRuns): string[] {
  const cost = measuredCost(runs);
  if (!cost) return ['Not measured: the cost needs a disk run (intake) and a memory run (review).', ''];
  const { intakeRun, reviewRun, lines, total } = cost;
  const dollars = (value: number) => `$${value.toFixed(6)}`;
  return [
    `Counts measured here: intake from the on-disk cycle of ${intakeRun.submissions.toLocaleString('en')} (each submission posted through the API, its receipt and POC emails sent),`,
    `review, decisions and release from the in-memory cycle of ${reviewRun.submissions.toLocaleString('en')}${reviewRun.release ? '' : ' (not released in this run: release not counted)'}.`,
    `Prices: ${AWS_PRICES.region}, on demand, list prices — Lambda (Arm) $${AWS_PRICES.lambdaPerMillionRequests} per million requests and $${AWS_PRICES.lambdaPerGbSecond} per GB-s;`,
    `DynamoDB $${AWS_PRICES.dynamoPerMillionWriteUnits} per million WRU and $${AWS_PRICES.dynamoPerMillionReadUnits} per million RRU; Step Functions Standard $${AWS_PRICES.stepFunctionsPerThousandTransitions} per 1,000 state transitions;`,
    `API Gateway (REST) $${AWS_PRICES.apiGatewayPerMillionRequests} per million requests; SES $${AWS_PRICES.sesPerThousandEmails} per 1,000 emails. Lambda time is the handlers' time on this machine,`,
    'waiting on DynamoDB Local: an upper bound. Capacity units are what DynamoDB Local reports (ReturnConsumedCapacity).',
    '',
    '| item | per submission | $ per submission | $ per 1,000 submissions |',
    '|---|---|---|---|',
    ...lines.map((line) => `| ${line.what} | ${round(line.perSubmission, 3)} ${line.unit} | ${dollars(line.dollars)} | $${round(line.dollars * 1000, 4)} |`),
    `| **total** | | **${dollars(total)}** | **$${round(total * 1000, 4)}** |`,
    `| of which the emails alone | | ${dollars(cost.emails)} | $${round(cost.emails * 1000, 4)} |`,
    '',
  ];
}

export function scaleLines(runs: CycleRuns): string[] {
  const all = [...runs.disk, ...runs.memory];
  const largestState = all.reduce((max, result) => (result.largestStateBytes > max.largestStateBytes ? result : max), all[0]!);
  const released = runs.memory.find((result) => result.release);
  const ratios = [
    ['on disk, through the API', ratioOf(runs.disk), runs.disk],
    ['in memory, BatchWrite', ratioOf(runs.memory), runs.memory],
  ] as const;
  return [
    '## A review month at scale',
    '',
    'Each cycle runs in a fresh process and platform. **On disk** is the platform as `npm start` runs it (data under a',
    'data directory), every submission posted through `POST /v1/submissions` and its emails sent before the cycle starts;',
    '**in memory** is DynamoDB Local `-inMemory`, seeded by BatchWrite, no outbox. Timed from the API call that starts the',
    "cycle to the reviewers' digest (every decision execution started, the cycle `open`). The progress read is",
    '`GET /v1/review/cycles/{cycle}` (median of 5) with every decision open.',
    '',
    '| setup | submissions | seeding | cycle start → digest | of which collect + screen | per submission | throughput | per submission vs the smallest | progress read |',
    '|---|---|---|---|---|---|---|---|---|',
    ...timingRows('on disk', runs.disk),
    ...timingRows('in memory', runs.memory),
    '',
    '| linear growth | per-submission time, largest vs smallest | target | |',
    '|---|---|---|---|',
    ...ratios.map(([setup, ratio, results]) =>
      ratio === undefined
        ? `| ${setup} | one size only | ≤ ${LINEARITY_TARGET}× | |`
        : `| ${setup}, ${results[0]!.submissions.toLocaleString('en')} → ${results.at(-1)!.submissions.toLocaleString('en')} | ${round(ratio, 2)}× | ≤ ${LINEARITY_TARGET}× | ${mark(ratio <= LINEARITY_TARGET)} |`,
    ),
    '',
    '### DynamoDB per submission, and DynamoDB Local beside it',
    '',
    "From cycle start until every decision task has stored its token. Latencies are as our handlers saw them (25 at a time);",
    "the raw Query is the collect step's Query (a page of 100 of the full queue) sent alone before the cycle starts.",
    '',
    '| setup | submissions | requests | read units | write units | mean write latency | mean Query latency | raw queue Query |',
    '|---|---|---|---|---|---|---|---|',
    ...requestRows('on disk', runs.disk),
    ...requestRows('in memory', runs.memory),
    '',
    `DynamoDB Local alone on disk (a table with a status index and a stream, single requests, none of our code), as it grows by ${runs.raw[1]?.items ?? runs.raw.length} items:`,
    '',
    '| items in the table | PutItem | UpdateItem | first index page (100) | index page deep in the key |',
    '|---|---|---|---|---|',
    ...runs.raw.map((block) => `| ${block.items.toLocaleString('en')} | ${round(block.putMs, 1)} ms | ${round(block.updateMs, 1)} ms | ${round(block.queryMs, 1)} ms | ${round(block.lastPageMs, 1)} ms |`),
    '',
    `Requests by kind in the largest in-memory cycle: ${Object.entries(runs.memory.at(-1)?.review.dynamo.requests ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([command, value]) => `${command.replace(/Command$/, '')} ${value.toLocaleString('en')}`)
      .join(', ')}.`,
    '',
    '### Step Functions: history and state',
    '',
    'The parent execution (`ReviewCycle`) records a few events per page of each loop; its events are computed from the',
    'definition (`infra/local/step-functions/history-events.ts`, checked event for event against the local stand-in by',
    '`test/unit/step-functions-history.test.ts`) and measured here. The computed figure is an upper bound: it counts the reminder (skipped when',
    'the release comes first) and an empty last page per loop.',
    '',
    '| submissions | parent events measured | computed, whole cycle to release | limit |',
    '|---|---|---|---|',
    ...all.map((result) => `| ${result.submissions.toLocaleString('en')} (${result.setup}) | ${count(result.parentHistoryEvents)} (${result.release ? 'to the release' : 'to the digest'}) | ${count(reviewCycleHistoryEvents(runs.definition, result.submissions))} | ${HISTORY_LIMIT.toLocaleString('en')} |`),
    `| ${HISTORY_SIZE.toLocaleString('en')} | | **${count(reviewCycleHistoryEvents(runs.definition, HISTORY_SIZE))}** | under ${(HISTORY_LIMIT / 2).toLocaleString('en')} (half the limit) |`,
    '',
    '| measure | result | limit |',
    '|---|---|---|',
    `| largest state observed (input or output of any state) | ${largestState.largestStateBytes} bytes (${largestState.largestStateName}) | 262,144 bytes |`,
    `| decision executions open at once (largest cycle) | ${count(runs.memory.at(-1)?.decisionExecutions ?? 0)} | all of them (an inline Map would hold 40) |`,
    `| platform memory (RSS) with every decision waiting (largest cycle) | ${runs.memory.at(-1)?.rssMiB ?? 0} MiB | |`,
    '',
    '### Release',
    '',
    released?.release
      ? `Every submission of the in-memory cycle of ${released.submissions.toLocaleString('en')} decided through the API (two in three published), then released: ${round(released.releaseSeconds ?? 0, 1)} s from the admin's sign-off to \`released\` (${ms((released.releaseSeconds ?? 0) / released.submissions)} ms per submission), ${count(released.release.emails)} outcome and summary emails sent; deciding took ${round(released.decisions?.seconds ?? 0, 1)} s.`
      : 'Not measured in this run (BENCH_RELEASE=0).',
    '',
    '### AWS cost per submission',
    '',
    ...costLines(runs),
  ];
}

/** The README's rows for the review month. */
export function scaleSummary(runs: CycleRuns): string[] {
  const row = (setup: string, results: CycleScaleResult[]) => {
    const ratio = ratioOf(results);
    return `| review cycle ${setup}, ${results.map((result) => result.submissions.toLocaleString('en')).join(' / ')}: start → digest per submission | ${results.map((result) => `${round(perSubmissionMs(result), 1)} ms`).join(' / ')}${ratio === undefined ? '' : ` (${round(ratio, 2)}×)`} | ≤ ${LINEARITY_TARGET}× |`;
  };
  const released = runs.memory.find((result) => result.release);
  const cost = measuredCost(runs);
  return [
    ...(runs.disk.length > 0 ? [row('on disk (seeded through the API)', runs.disk)] : []),
    ...(runs.memory.length > 0 ? [row('in memory (BatchWrite)', runs.memory)] : []),
    ...(released ? [`| release of ${released.submissions.toLocaleString('en')} (sign-off → released) | ${round(released.releaseSeconds ?? 0, 1)} s | |`] : []),
    `| parent execution history, cycle of ${HISTORY_SIZE.toLocaleString('en')} (computed from the definition) | ${count(reviewCycleHistoryEvents(runs.definition, HISTORY_SIZE))} events | < ${(HISTORY_LIMIT / 2).toLocaleString('en')} |`,
    ...(cost ? [`| AWS cost per submission, intake + review + emails (${AWS_PRICES.region} list prices) | $${cost.total.toFixed(6)} (emails alone $${cost.emails.toFixed(6)}) | |`] : []),
  ];
}
