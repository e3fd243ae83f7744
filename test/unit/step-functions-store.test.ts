import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionStore, type ExecutionRecord } from '../../infra/local/step-functions/execution-store.ts';

const MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:ReviewDecision';
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function store() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ogc-sfn-store-'));
  dirs.push(dir);
  return { dir, store: new ExecutionStore(dir) };
}

const record = (name: string): ExecutionRecord => ({
  executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:${name}`,
  stateMachineArn: MACHINE,
  name,
  input: '{}',
  status: 'RUNNING',
  startDate: 0,
  frame: { state: 'AwaitDecision', input: {}, attempts: [] },
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('the local Step Functions execution store', () => {
  it('writes an execution once per turn, in its latest state, with every history event of the turn', async () => {
    const { dir, store: executions } = await store();
    const run = record('2026-11_OGC-2026-11-0001');
    // Started, token minted, timeout armed: three changes in one turn, as a decision execution makes them.
    executions.save(run);
    executions.appendHistory(run, { timestamp: 0, type: 'ExecutionStarted', id: 1, previousEventId: 0 });
    run.frame!.token = 'ogc-local-task-token-1';
    executions.save(run);
    executions.appendHistory(run, { timestamp: 0, type: 'TaskStateEntered', id: 2, previousEventId: 1 });
    run.frame!.timeoutAt = 1_000;
    executions.save(run);
    const file = path.join(dir, 'ReviewDecision', `${run.name}.json`);
    expect(existsSync(file)).toBe(false);

    await nextTurn();
    expect(JSON.parse(readFileSync(file, 'utf8')).frame).toMatchObject({ token: 'ogc-local-task-token-1', timeoutAt: 1_000 });
    const loaded = new ExecutionStore(dir).load([MACHINE], () => undefined);
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.history.map((event) => event.type)).toEqual(['ExecutionStarted', 'TaskStateEntered']);
  });

  it('writes what is pending at once when flushed (the engine flushes as it stops)', async () => {
    const { dir, store: executions } = await store();
    const runs = ['a', 'b', 'c'].map(record);
    for (const run of runs) executions.save(run);
    executions.flush();
    expect(new ExecutionStore(dir).load([MACHINE], () => undefined).map(({ record: stored }) => stored.name).sort()).toEqual(['a', 'b', 'c']);
  });
});
