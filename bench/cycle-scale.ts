import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { observeInvocations } from '../infra/local/lambda-runtime.ts';
import { startPlatform, type Platform } from '../infra/local/platform.ts';
import { CRITERION_IDS } from '../shared/domain/criteria.ts';
import { cycleBounds, cycleContaining } from '../shared/domain/cycle.ts';
import { ses } from '../shared/store/clients.ts';
import { loadMembers } from '../shared/store/registry.ts';
import { cycleReferences, getCycle, queuedBefore } from '../shared/store/review-store.ts';
import { executionArnOf } from '../shared/review/step-functions.ts';
import { executionNameForCycle } from '../shared/review/workflow.ts';
import { validSubmission } from '../test/support/fixtures.ts';
import { meterDynamo, usageBetween, type DynamoUsage } from './dynamo-meter.ts';
import { AREAS, seedSubmissions } from './review-cycle.ts';
import { percentile } from './stats.ts';
import { isEntryPoint } from '../infra/entry-point.ts';

/**
 * A review cycle at a given size, in a process of its own (a platform per process: handlers keep
 * their SDK clients and environment for the process's life), in one of two setups:
 * - `disk`: as `npm start` runs it — data on disk, every submission posted through the API (so each
 *   has its receipt in the outbox, sent by the stream mailer before the cycle starts);
 * - `memory`: the benchmark's quick setup — in-memory DynamoDB Local, seeded by BatchWrite, no outbox.
 * Timed from the API call that starts the cycle to the reviewers' digest (the cycle turns `open`),
 * then optionally every submission decided through the API and the cycle released.
 */

export type CycleSetup = 'disk' | 'memory';

/** What one phase cost: the counts the AWS bill is made of. */
export interface PhaseUsage {
  seconds: number;
  dynamo: DynamoUsage;
  /** Handler calls by function, with their summed duration (ms) on this machine. */
  invocations: Record<string, { count: number; milliseconds: number }>;
  emails: number;
  /** Requests to the HTTP API (each an API Gateway request in AWS). */
  apiRequests: number;
}

export interface CycleScaleResult {
  setup: CycleSetup;
  submissions: number;
  /** Posting every submission through the API and sending its emails (disk), or BatchWrite (memory). */
  intake: PhaseUsage;
  /** Cycle start → reviewers' digest; its counts include every decision task storing its token. */
  review: PhaseUsage;
  collectAndScreenSeconds: number;
  /** Every submission decided through the API, then the release from sign-off to `released`. */
  decisions?: PhaseUsage;
  release?: PhaseUsage;
  /** From the admin's sign-off to the cycle `released` (the outcome emails may still be going out). */
  releaseSeconds?: number;
  /** Median latency of `GET /v1/review/cycles/{cycle}` with every decision open. */
  progressReadMs: number;
  /** The collect step's Query (a page of the full queue), timed alone: DynamoDB Local's own cost. */
  rawQueueQueryMs: number;
  parentHistoryEvents: number;
  stateTransitions: number;
  decisionExecutions: number;
  largestStateBytes: number;
  largestStateName: string;
  rssMiB: number;
}

const CONCURRENCY = 8;

/** Counts the handlers' calls and the emails they send, in this process. */
function meterPlatform() {
  const dynamo = meterDynamo();
  const invocations: PhaseUsage['invocations'] = {};
  observeInvocations((functionName, milliseconds) => {
    const entry = (invocations[functionName] ??= { count: 0, milliseconds: 0 });
    entry.count++;
    entry.milliseconds += milliseconds;
  });
  let emails = 0;
  ses().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'SendEmailCommand') emails++;
      return result;
    },
    { step: 'initialize', name: 'benchEmailCounter' },
  );
  let apiRequests = 0;
  const snapshot = () => ({
    at: performance.now(),
    dynamo: dynamo.snapshot(),
    invocations: structuredClone(invocations),
    emails,
    apiRequests,
  });
  return {
    dynamo,
    countApiRequest: () => apiRequests++,
    /** Runs `phase` and returns what it cost. */
    async phase(run: () => Promise<void>): Promise<PhaseUsage> {
      const before = snapshot();
      await run();
      const after = snapshot();
      return {
        seconds: (after.at - before.at) / 1000,
        dynamo: usageBetween(before.dynamo, after.dynamo),
        invocations: Object.fromEntries(
          Object.entries(after.invocations).map(([name, entry]) => [
            name,
            { count: entry.count - (before.invocations[name]?.count ?? 0), milliseconds: entry.milliseconds - (before.invocations[name]?.milliseconds ?? 0) },
          ]).filter(([, entry]) => (entry as { count: number }).count > 0),
        ),
        emails: after.emails - before.emails,
        apiRequests: after.apiRequests - before.apiRequests,
      };
    },
  };
}

type Meter = ReturnType<typeof meterPlatform>;

/** Runs `work(index)` for 0 … count-1, `CONCURRENCY` at a time. */
async function concurrently(count: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function api(platform: Platform, meter: Meter, method: string, route: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  meter.countApiRequest();
  const response = await fetch(`${platform.apiUrl}${route}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text };
}

/** Posts `count` submissions through the public API, as forms do (each with its Idempotency-Key). */
async function postSubmissions(platform: Platform, meter: Meter, count: number): Promise<void> {
  const members = [...(await loadMembers()).values()].filter((member) => member.kind === 'national');
  await concurrently(count, async (index) => {
    const member = members[index % members.length]!;
    const body = validSubmission({ title: `Open register of public algorithms no. ${index}`, area: AREAS[index % AREAS.length], member: { type: 'national', memberId: member.id } });
    const reply = await api(platform, meter, 'POST', '/v1/submissions', { body, headers: { 'idempotency-key': `bench-submission-${index}` } });
    if (reply.status !== 201) throw new Error(`POST /v1/submissions answered ${reply.status}: ${reply.text}`);
  });
}

const until = async (reached: () => Promise<boolean> | boolean, everyMs = 250) => {
  while (!(await reached())) await new Promise((resolve) => setTimeout(resolve, everyMs));
  return performance.now();
};

/** Waits until no DynamoDB request has been made for a second (background work has settled). */
async function settled(meter: Meter): Promise<void> {
  for (let previous = -1; previous !== meter.dynamo.totalRequests(); ) {
    previous = meter.dynamo.totalRequests();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function medianLatency(times: number, run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return percentile(samples.sort((a, b) => a - b), 50);
}

const allPass = Object.fromEntries(CRITERION_IDS.map((id) => [id, 'pass']));
/** Two in three published, one in three refused: the release then writes reforms and both kinds of outcome email. */
const decisionFor = (index: number) =>
  index % 3 === 2
    ? { outcome: 'not-eligible', criteria: { ...allPass, [CRITERION_IDS[0]]: 'fail' }, area: AREAS[index % AREAS.length], ambition: 'modest', rationale: 'Outside the Challenge.' }
    : { outcome: 'eligible', criteria: allPass, area: AREAS[index % AREAS.length], ambition: 'substantial', rationale: 'Ambitious and co-created.' };

async function decideAll(platform: Platform, meter: Meter, cycle: string, reviewer: string): Promise<void> {
  const references: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await cycleReferences(cycle, 1000, cursor);
    references.push(...page.references);
    cursor = page.cursor;
  } while (cursor);
  await concurrently(references.length, async (index) => {
    const reply = await api(platform, meter, 'POST', `/v1/review/submissions/${references[index]}/decision`, { body: decisionFor(index), token: reviewer });
    if (reply.status !== 200) throw new Error(`deciding ${references[index]} answered ${reply.status}: ${reply.text}`);
  });
}

export async function runCycle(setup: CycleSetup, count: number, options: { release: boolean }): Promise<CycleScaleResult> {
  process.env.LOG_LEVEL = 'silent';
  const dataDir = setup === 'disk' ? mkdtempSync(path.join(os.tmpdir(), 'ogc-bench-disk-')) : null;
  let stopPlatform: (() => Promise<void>) | undefined;
  try {
    const platform = await startPlatform({ apiPort: 0, dynamoPort: 0, sesPort: 0, stepFunctionsPort: 0, dataDir, quiet: true });
    stopPlatform = platform.stop;
    const meter = meterPlatform();
    // The API's intake stamps submissions with now, so the disk setup reviews the current month.
    const cycle = setup === 'disk' ? cycleContaining(new Date(), 'UTC') : '2026-10';
    const intake = await meter.phase(async () => {
      if (setup === 'memory') return seedSubmissions(cycle, count);
      await postSubmissions(platform, meter, count);
      await platform.mailer.drained();
    });
    const collectBefore = cycleBounds(cycle, 'UTC').end.toISOString();
    const rawQueueQueryMs = await medianLatency(5, () => queuedBefore(collectBefore, 100));

    const admin = await platform.tokenFor('admin@example.org');
    const engine = platform.stepFunctions;
    const decisionMachine = platform.stateMachines.ReviewDecision!;
    let collected = 0;
    const review = await meter.phase(async () => {
      const started = performance.now();
      const reply = await api(platform, meter, 'POST', '/v1/review/cycles', { body: { cycle }, token: admin });
      if (reply.status !== 202) throw new Error(`starting the cycle answered ${reply.status}: ${reply.text}`);
      collected = (await until(() => engine.historyStatistics().executionsByMachine.has(decisionMachine))) - started;
      await until(async () => (await getCycle(cycle))?.status === 'open');
    });
    // Every decision execution then stores its task token: counted with the review, not timed.
    const tokens = await meter.phase(() => settled(meter));
    const progressReadMs = await medianLatency(5, async () => {
      const reply = await api(platform, meter, 'GET', `/v1/review/cycles/${cycle}`, { token: admin });
      if (reply.status !== 200) throw new Error(`GET /v1/review/cycles/${cycle} answered ${reply.status}`);
    });

    let decisions: PhaseUsage | undefined;
    let release: PhaseUsage | undefined;
    let releaseSeconds = 0;
    if (options.release) {
      decisions = await meter.phase(async () => {
        await decideAll(platform, meter, cycle, await platform.tokenFor('reviewer@example.org'));
        await settled(meter);
      });
      release = await meter.phase(async () => {
        const started = performance.now();
        const reply = await api(platform, meter, 'POST', `/v1/review/cycles/${cycle}/release`, { token: admin });
        if (reply.status !== 202) throw new Error(`releasing the cycle answered ${reply.status}: ${reply.text}`);
        releaseSeconds = ((await until(async () => (await getCycle(cycle))?.status === 'released')) - started) / 1000;
        // The outcome emails are counted with the release: the mailer sends them meanwhile and after.
        await settled(meter);
      });
    }

    const stats = engine.historyStatistics();
    const parentArn = executionArnOf(platform.stateMachines.ReviewCycle!, executionNameForCycle(cycle));
    return {
      setup,
      submissions: count,
      intake,
      review: { ...review, dynamo: addUsage(review.dynamo, tokens.dynamo), invocations: addInvocations(review.invocations, tokens.invocations) },
      collectAndScreenSeconds: collected / 1000,
      ...(decisions ? { decisions } : {}),
      ...(release ? { release, releaseSeconds } : {}),
      progressReadMs,
      rawQueueQueryMs,
      parentHistoryEvents: stats.eventsByExecution.get(parentArn) ?? 0,
      stateTransitions: stats.stateTransitions,
      decisionExecutions: stats.executionsByMachine.get(decisionMachine) ?? 0,
      largestStateBytes: stats.largestState.bytes,
      largestStateName: stats.largestState.name,
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
  } finally {
    await stopPlatform?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

function addUsage(a: DynamoUsage, b: DynamoUsage): DynamoUsage {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const sum = { ...x };
    for (const [key, value] of Object.entries(y)) sum[key] = (sum[key] ?? 0) + value;
    return sum;
  };
  return { requests: add(a.requests, b.requests), milliseconds: add(a.milliseconds, b.milliseconds), readUnits: a.readUnits + b.readUnits, writeUnits: a.writeUnits + b.writeUnits };
}

function addInvocations(a: PhaseUsage['invocations'], b: PhaseUsage['invocations']): PhaseUsage['invocations'] {
  const sum = structuredClone(a);
  for (const [name, entry] of Object.entries(b)) {
    const into = (sum[name] ??= { count: 0, milliseconds: 0 });
    into.count += entry.count;
    into.milliseconds += entry.milliseconds;
  }
  return sum;
}

/** Runs one measurement in a fresh Node process and returns its result. */
export async function measureCycle(setup: CycleSetup, count: number, options: { release: boolean } = { release: false }): Promise<CycleScaleResult> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ogc-bench-result-'));
  const resultFile = path.join(directory, 'result.json');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, setup, String(count), String(options.release), resultFile], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the ${setup} cycle of ${count} exited with ${code}`))));
    });
    return JSON.parse(readFileSync(resultFile, 'utf8')) as CycleScaleResult;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url) && process.argv.length >= 6) {
  const [setup, count, release, resultFile] = process.argv.slice(2) as [CycleSetup, string, string, string];
  writeFileSync(resultFile, JSON.stringify(await runCycle(setup, Number(count), { release: release === 'true' })));
  process.exit(0);
}
