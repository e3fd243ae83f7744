import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalStateMachineSpec } from '../../infra/local/cloud-template.ts';
import { EngineClock } from '../../infra/local/step-functions/clock.ts';
import { StepFunctionsEngine } from '../../infra/local/step-functions/engine.ts';
import { waitFor } from '../support/platform.ts';

const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:Cycle';
const LAMBDA = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const DAY = 24 * 3600;

/** A miniature ReviewCycle: a page loop, then a Parallel of a reminder at a timestamp and a callback with a timeout. */
const MACHINE: LocalStateMachineSpec = {
  name: 'Cycle',
  arn: ARN,
  definition: {
    StartAt: 'Open',
    States: {
      Open: { Type: 'Task', Resource: LAMBDA('open'), TimeoutSeconds: 60, Next: 'Decide' },
      Decide: {
        Type: 'Parallel',
        ResultPath: null,
        Next: 'Summary',
        Branches: [
          {
            StartAt: 'WaitForReminder',
            States: {
              WaitForReminder: { Type: 'Wait', TimestampPath: '$.reminderAt', Next: 'Remind' },
              Remind: { Type: 'Task', Resource: LAMBDA('remind'), TimeoutSeconds: 60, ResultPath: null, End: true },
            },
          },
          {
            StartAt: 'AwaitRelease',
            States: {
              AwaitRelease: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                Parameters: { FunctionName: LAMBDA('hold'), Payload: { 'taskToken.$': '$$.Task.Token' } },
                TimeoutSecondsPath: '$.releaseTimeoutSeconds',
                ResultPath: '$.signOff',
                Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'NotSignedOff' }],
                Next: 'Release',
              },
              NotSignedOff: { Type: 'Fail', Error: 'ReleaseNotSignedOff' },
              Release: {
                Type: 'Task',
                Resource: LAMBDA('release'),
                TimeoutSeconds: 60,
                Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 30, MaxAttempts: 2 }],
                ResultPath: '$.released',
                End: true,
              },
            },
          },
        ],
      },
      Summary: { Type: 'Pass', Result: 'sent', ResultPath: '$.summary', End: true },
    },
  },
};

interface Harness {
  engine: StepFunctionsEngine;
  clock: EngineClock;
  calls: string[];
  tokens: string[];
}

const dirs: string[] = [];
const engines: StepFunctionsEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) engine.stopAll();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function harness(stateDir: string | null, failures: Record<string, number> = {}): Harness {
  const calls: string[] = [];
  const tokens: string[] = [];
  const clock = new EngineClock();
  const engine = new StepFunctionsEngine({
    machines: [MACHINE],
    stateDir,
    clock,
    log: () => undefined,
    invokeFunction: async (name, payload) => {
      calls.push(name);
      if ((failures[name] ?? 0) > 0) {
        failures[name]!--;
        throw Object.assign(new Error(`${name} failed`), { name: 'Flaky' });
      }
      if (name === 'open') return { cycle: '2026-11', reminderAt: new Date(clock.now() + 2 * DAY * 1000).toISOString(), releaseTimeoutSeconds: 30 * DAY };
      if (name === 'hold') tokens.push((payload as { taskToken: string }).taskToken);
      if (name === 'release') return { count: 3 };
      return null;
    },
  });
  engines.push(engine);
  return { engine, clock, calls, tokens };
}

const describeRun = (engine: StepFunctionsEngine, arn: string) => engine.describeExecution({ executionArn: arn }) as { status: string; output?: string; error?: string };

describe('the local Step Functions engine', () => {
  it('resumes a run after a restart: the waiting token still works, nothing is called twice, timers keep their instant', async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'ogc-sfn-'));
    dirs.push(stateDir);
    const first = harness(stateDir);
    const { executionArn } = first.engine.startExecution({ stateMachineArn: ARN, name: 'cycle-2026-11', input: '{}' });
    const token = await waitFor(() => first.tokens[0]);
    // The reminder branch is done before the restart; the release branch waits for its sign-off.
    first.clock.advance(2 * DAY * 1000);
    await waitFor(() => first.calls.includes('remind'));
    first.engine.stopAll();

    const second = harness(stateDir);
    expect(second.engine.resumeStored()).toBe(1);
    expect(describeRun(second.engine, executionArn).status).toBe('RUNNING');
    second.engine.sendTaskSuccess({ taskToken: token, output: JSON.stringify({ releasedBy: 'admin' }) });
    const done = await second.engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(done.output))).toMatchObject({ summary: 'sent', cycle: '2026-11' });
    // Neither the reminder nor the callback's function ran again after the restart.
    expect(second.calls).toEqual(['release']);
    const history = second.engine.getExecutionHistory({ executionArn, maxResults: 1000 }).events as { type: string }[];
    expect(history[0]!.type).toBe('ExecutionStarted');
    expect(history.at(-1)!.type).toBe('ExecutionSucceeded');
    expect(history.filter((event) => event.type === 'TaskStateEntered')).toHaveLength(4);
    // A closed token is refused.
    expect(() => second.engine.sendTaskSuccess({ taskToken: token, output: '{}' })).toThrow(expect.objectContaining({ type: 'TaskTimedOut' }));
  });

  it('times a callback out when its clock is moved past the timeout, even a 30-day one', async () => {
    const run = harness(null);
    const { executionArn } = run.engine.startExecution({ stateMachineArn: ARN, name: 'timeout', input: '{}' });
    const token = await waitFor(() => run.tokens[0]);
    run.clock.advance(31 * DAY * 1000);
    const done = await run.engine.waitForExecution(executionArn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'ReleaseNotSignedOff' });
    expect(() => run.engine.sendTaskHeartbeat({ taskToken: token })).toThrow(expect.objectContaining({ type: 'TaskTimedOut' }));
  });

  it('retries a failed task after its interval on the engine clock, then carries on', async () => {
    const run = harness(null, { release: 1 });
    const { executionArn } = run.engine.startExecution({ stateMachineArn: ARN, name: 'retry', input: '{}' });
    run.engine.sendTaskSuccess({ taskToken: await waitFor(() => run.tokens[0]), output: '{}' });
    await waitFor(() => run.calls.filter((name) => name === 'release').length === 1);
    expect(describeRun(run.engine, executionArn).status).toBe('RUNNING');
    run.clock.advance(30_000);
    await waitFor(() => run.calls.filter((name) => name === 'release').length === 2);
    run.clock.advance(2 * DAY * 1000);
    expect((await run.engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('stops a run: its tokens close, and the name cannot be used again', async () => {
    const run = harness(null);
    const { executionArn } = run.engine.startExecution({ stateMachineArn: ARN, name: 'stopped', input: '{}' });
    const token = await waitFor(() => run.tokens[0]);
    run.engine.stopExecution({ executionArn, error: 'Test' });
    await run.engine.waitForExecution(executionArn);
    expect(describeRun(run.engine, executionArn)).toMatchObject({ status: 'ABORTED', error: 'Test' });
    expect(() => run.engine.sendTaskSuccess({ taskToken: token, output: '{}' })).toThrow(expect.objectContaining({ type: 'TaskTimedOut' }));
    expect(() => run.engine.startExecution({ stateMachineArn: ARN, name: 'stopped', input: '{}' })).toThrow(expect.objectContaining({ type: 'ExecutionAlreadyExists' }));
  });
});
