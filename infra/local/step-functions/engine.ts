import { randomUUID } from 'node:crypto';
import type { LocalStateMachineSpec } from '../cloud-template.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, functionNameFromArn, invokeFunction } from '../lambda-runtime.ts';
import {
  RUNTIME_ERROR,
  StatesError,
  TIMEOUT_ERROR,
  applyResultPath,
  applyTemplate,
  catcherFor,
  choose,
  loadDefinition,
  readPath,
  retrierFor,
  retryDelayMs,
  selectPath,
  type AslMachine,
  type AslState,
  type Json,
} from './asl.ts';
import { EngineClock } from './clock.ts';
import { ExecutionStore, type ExecutionRecord, type ExecutionStatus, type Frame, type HistoryEvent } from './execution-store.ts';

/**
 * The Step Functions engine of the local platform: runs the synthesized definitions (see asl.ts
 * for the language it accepts) with every Task executed in-process, and answers the API calls the
 * handlers and the AWS CLI make (through the endpoint in ../step-functions.ts).
 *
 * - Executions survive a restart: each transition is written to the ExecutionStore, and on start
 *   every RUNNING execution carries on from the state it was in. A callback task keeps its token
 *   and is not called again once its function returned; timers keep their instant. A task whose
 *   function was running when the process ended is called again (at least once, as AWS retries).
 * - Task tokens (`ogc-local-task-token-<uuid>`) are minted per attempt of a `.waitForTaskToken`
 *   task. Unknown or closed tokens answer TaskTimedOut, as AWS does.
 * - Time comes from an EngineClock that tests move forward: task timeouts, Wait states and Retry
 *   intervals all use it.
 * - Resources: a Lambda ARN (payloadResponseOnly) and `lambda:invoke.waitForTaskToken`, the two
 *   the review workflow uses.
 */

const TOKEN_PREFIX = 'ogc-local-task-token-';
const MAX_PAYLOAD_BYTES = 256 * 1024;
/** AWS fails a Standard execution at 25,000 history events; the stand-in keeps that many. */
const MAX_HISTORY_EVENTS = 25_000;
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const CALLBACK_RESOURCE = /^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/;
const LAMBDA_RESOURCE = /^arn:[^:]+:lambda:/;

/** An error of the Step Functions API (answered to the caller with its type). */
export class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** Why a run stops without an outcome: the platform is stopping, and the run resumes at the next start. */
class Halted extends Error {
  override readonly name = 'Halted';
}

export type TaskFunctionInvoker = (functionName: string, payload: unknown) => Promise<unknown>;

export interface EngineOptions {
  machines: LocalStateMachineSpec[];
  /** Runs `functions/<name>/handler.ts` by default; tests pass their own functions. */
  invokeFunction?: TaskFunctionInvoker;
  /** Keeps executions across restarts; null or absent keeps them in memory only. */
  stateDir?: string | null;
  clock?: EngineClock;
  log?: (message: string) => void;
}

interface Machine {
  spec: LocalStateMachineSpec;
  definition: AslMachine;
  createdAt: Date;
}

interface Execution {
  record: ExecutionRecord;
  history: HistoryEvent[];
  /** Aborted when the execution ends or the engine halts: ends its waits and timers. */
  lifetime: AbortController;
  done: Promise<void>;
}

interface TokenWaiter {
  execution: Execution;
  resolve: (output: Json) => void;
  reject: (error: Error) => void;
}

interface Step {
  output: Json;
  /** Undefined when the thread ends here. */
  next?: string;
}

const epochSeconds = (ms: number) => ms / 1000;
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/** The fields ListExecutions gives per execution (DescribeExecution adds input, output and error). */
const executionSummary = ({ record }: Execution) => ({
  executionArn: record.executionArn,
  stateMachineArn: record.stateMachineArn,
  name: record.name,
  status: record.status,
  startDate: epochSeconds(record.startDate),
  ...(record.stopDate !== undefined ? { stopDate: epochSeconds(record.stopDate) } : {}),
});

function asStatesError(error: unknown): StatesError {
  if (error instanceof StatesError) return error;
  const failure = error instanceof Error ? error : new Error(String(error));
  return new StatesError(failure.name || 'Error', failure.message);
}

/** A promise that rejects with the signal's reason when it aborts (and never settles otherwise). */
function whenAborted(signal: AbortSignal): Promise<never> {
  const promise = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  promise.catch(() => undefined);
  return promise;
}

/** A controller that aborts with its parent, detached again by `release`. */
function childController(parent: AbortSignal): { controller: AbortController; release: () => void } {
  const controller = new AbortController();
  const forward = () => controller.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  return { controller, release: () => parent.removeEventListener('abort', forward) };
}

function resetFrame(frame: Frame, state: string, input: Json): void {
  for (const key of Object.keys(frame)) delete (frame as unknown as Record<string, unknown>)[key];
  Object.assign(frame, { state, input, attempts: [] });
}

export class StepFunctionsEngine {
  readonly clock: EngineClock;
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, Execution>();
  private readonly waiters = new Map<string, TokenWaiter>();
  private readonly invoke: TaskFunctionInvoker;
  private readonly log: (message: string) => void;
  private readonly store: ExecutionStore;
  private halted = false;

  constructor(options: EngineOptions) {
    this.invoke = options.invokeFunction ?? invokeFunction;
    this.log = options.log ?? ((message) => console.log(`[step-functions] ${message}`));
    this.clock = options.clock ?? new EngineClock();
    this.store = new ExecutionStore(options.stateDir ?? null);
    for (const spec of options.machines) {
      this.machines.set(spec.arn, { spec, definition: loadDefinition(spec.definition), createdAt: new Date() });
    }
  }

  /** Loads the stored executions and resumes the running ones (their tokens wait again before this returns). */
  resumeStored(): number {
    const loaded = this.store.load([...this.machines.keys()], this.log);
    const running: Execution[] = [];
    for (const { record, history } of loaded) {
      const execution: Execution = { record, history, lifetime: new AbortController(), done: Promise.resolve() };
      this.executions.set(record.executionArn, execution);
      if (record.status === 'RUNNING') running.push(execution);
    }
    for (const execution of running) {
      if (execution.record.frame) this.launch(execution);
      else this.finish(execution, 'FAILED', { error: RUNTIME_ERROR, cause: 'The stored execution has no current state' });
    }
    if (running.length > 0) this.log(`resumed ${running.length} running execution(s)`);
    return running.length;
  }

  listMachines(): LocalStateMachineSpec[] {
    return [...this.machines.values()].map((machine) => machine.spec);
  }

  // --- API operations (AWS request and response shapes) -------------------------------------

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }): { executionArn: string; startDate: number } {
    const machine = this.machines.get(request.stateMachineArn ?? '');
    if (!machine) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    const name = request.name ?? randomUUID();
    if (!EXECUTION_NAME.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    if (byteLength(input) > MAX_PAYLOAD_BYTES) throw new SfnError('InvalidExecutionInput', 'Execution input exceeds 262144 bytes');
    let parsed: Json;
    try {
      parsed = JSON.parse(input) as Json;
    } catch {
      throw new SfnError('InvalidExecutionInput', 'Invalid State Machine Execution Input: the input is not valid JSON');
    }
    const executionArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${machine.spec.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Standard workflows: same name and input while running → the same execution; otherwise an error.
      if (existing.record.status === 'RUNNING' && existing.record.input === input) return { executionArn, startDate: epochSeconds(existing.record.startDate) };
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.spec.arn,
      name,
      input,
      status: 'RUNNING',
      startDate: this.clock.now(),
      frame: { state: machine.definition.StartAt, input: parsed, attempts: [] },
    };
    const execution: Execution = { record, history: [], lifetime: new AbortController(), done: Promise.resolve() };
    this.executions.set(executionArn, execution);
    this.event(execution, 'ExecutionStarted', { executionStartedEventDetails: { input } });
    this.entered(execution, machine.definition, record.frame!);
    this.save(execution);
    this.launch(execution);
    return { executionArn, startDate: epochSeconds(record.startDate) };
  }

  describeExecution(request: { executionArn?: string }): Record<string, unknown> {
    const execution = this.execution(request.executionArn);
    const { record } = execution;
    return {
      ...executionSummary(execution),
      input: record.input,
      inputDetails: { included: true },
      ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
    };
  }

  listExecutions(request: { stateMachineArn?: string; statusFilter?: string; maxResults?: number; nextToken?: string }): Record<string, unknown> {
    if (!this.machines.has(request.stateMachineArn ?? '')) {
      throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    }
    const all = [...this.executions.values()]
      .filter(({ record }) => record.stateMachineArn === request.stateMachineArn)
      .filter(({ record }) => !request.statusFilter || record.status === request.statusFilter)
      .sort((a, b) => b.record.startDate - a.record.startDate);
    const { page, nextToken } = paginate(all, request);
    return { executions: page.map(executionSummary), ...(nextToken ? { nextToken } : {}) };
  }

  getExecutionHistory(request: { executionArn?: string; maxResults?: number; reverseOrder?: boolean; nextToken?: string }): Record<string, unknown> {
    const execution = this.execution(request.executionArn);
    const events = request.reverseOrder ? [...execution.history].reverse() : execution.history;
    const { page, nextToken } = paginate(events, request);
    return { events: page, ...(nextToken ? { nextToken } : {}) };
  }

  stopExecution(request: { executionArn?: string; error?: string; cause?: string }): { stopDate: number } {
    const execution = this.execution(request.executionArn);
    this.finish(execution, 'ABORTED', { error: request.error, cause: request.cause });
    return { stopDate: epochSeconds(execution.record.stopDate ?? this.clock.now()) };
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }): Record<string, never> {
    const waiter = this.waiter(request.taskToken);
    let output: Json;
    try {
      output = JSON.parse(request.output ?? '') as Json;
    } catch {
      throw new SfnError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    }
    if (byteLength(request.output ?? '') > MAX_PAYLOAD_BYTES) throw new SfnError('InvalidOutput', 'Output exceeds 262144 bytes');
    this.waiters.delete(request.taskToken!);
    waiter.resolve(output);
    return {};
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }): Record<string, never> {
    const waiter = this.waiter(request.taskToken);
    this.waiters.delete(request.taskToken!);
    waiter.reject(new StatesError(request.error || 'States.TaskFailed', request.cause ?? ''));
    return {};
  }

  sendTaskHeartbeat(request: { taskToken?: string }): Record<string, never> {
    this.waiter(request.taskToken);
    return {};
  }

  listStateMachines(): Record<string, unknown> {
    return {
      stateMachines: [...this.machines.values()].map((machine) => ({
        stateMachineArn: machine.spec.arn,
        name: machine.spec.name,
        type: 'STANDARD',
        creationDate: epochSeconds(machine.createdAt.getTime()),
      })),
    };
  }

  describeStateMachine(request: { stateMachineArn?: string }): Record<string, unknown> {
    const machine = this.machines.get(request.stateMachineArn ?? '');
    if (!machine) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    return {
      stateMachineArn: machine.spec.arn,
      name: machine.spec.name,
      status: 'ACTIVE',
      definition: JSON.stringify(machine.spec.definition),
      roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local`,
      type: 'STANDARD',
      creationDate: epochSeconds(machine.createdAt.getTime()),
    };
  }

  /**
   * What the executions recorded, for the benchmark: events per execution, state transitions (the
   * states entered: what Standard workflows are billed by), executions per machine, and the largest
   * input or output any state had.
   */
  historyStatistics(): {
    eventsByExecution: Map<string, number>;
    executionsByMachine: Map<string, number>;
    stateTransitions: number;
    largestState: { bytes: number; name: string };
  } {
    const eventsByExecution = new Map<string, number>();
    const executionsByMachine = new Map<string, number>();
    let stateTransitions = 0;
    let largestState = { bytes: 0, name: '' };
    for (const { record, history } of this.executions.values()) {
      eventsByExecution.set(record.executionArn, history.length);
      executionsByMachine.set(record.stateMachineArn, (executionsByMachine.get(record.stateMachineArn) ?? 0) + 1);
      for (const event of history) {
        const details = (event.stateEnteredEventDetails ?? event.stateExitedEventDetails) as { name?: string; input?: string; output?: string } | undefined;
        if (!details) continue;
        if (event.stateEnteredEventDetails) stateTransitions++;
        const bytes = byteLength(details.input ?? details.output ?? '');
        if (bytes > largestState.bytes) largestState = { bytes, name: details.name ?? '' };
      }
    }
    return { eventsByExecution, executionsByMachine, stateTransitions, largestState };
  }

  /** Resolves when the execution has ended (tests). */
  async waitForExecution(executionArn: string): Promise<Record<string, unknown>> {
    await this.execution(executionArn).done;
    return this.describeExecution({ executionArn });
  }

  /**
   * The platform stops: every run halts where it is, without an outcome. With a state directory
   * they resume at the next start; in memory they end with the process.
   */
  stopAll(): void {
    // What the last turn changed is written before the runs halt (halting writes nothing more).
    this.store.flush();
    this.halted = true;
    for (const execution of this.executions.values()) {
      if (execution.record.status === 'RUNNING') execution.lifetime.abort(new Halted('The local platform stopped'));
    }
    this.waiters.clear();
  }

  // --- running ------------------------------------------------------------------------------

  private launch(execution: Execution): void {
    const machine = this.machines.get(execution.record.stateMachineArn)!;
    execution.done = this.runThread(execution, machine.definition, execution.record.frame!, execution.lifetime.signal).then(
      (output) => {
        const text = JSON.stringify(output);
        if (byteLength(text) > MAX_PAYLOAD_BYTES) this.finish(execution, 'FAILED', { error: 'States.DataLimitExceeded', cause: 'The execution output exceeds 262144 bytes' });
        else this.finish(execution, 'SUCCEEDED', { output: text });
      },
      (error: unknown) => {
        if (this.halted || execution.record.status !== 'RUNNING') return;
        const failure = asStatesError(error);
        this.finish(execution, 'FAILED', { error: failure.error, cause: failure.cause });
        this.log(`execution ${execution.record.name} failed: ${failure.error}: ${failure.cause}`);
      },
    );
  }

  /** Runs one thread (the execution, or a branch of a Parallel) from where its frame stands to its end. */
  private async runThread(execution: Execution, machine: AslMachine, frame: Frame, signal: AbortSignal): Promise<Json> {
    for (;;) {
      const state = machine.States[frame.state];
      if (!state) throw new StatesError(RUNTIME_ERROR, `State ${frame.state} does not exist in the definition`);
      const step = await this.runState(execution, state, frame, signal);
      signal.throwIfAborted();
      this.event(execution, `${state.Type}StateExited`, { stateExitedEventDetails: { name: frame.state, output: JSON.stringify(step.output) } });
      if (step.next === undefined) return step.output;
      resetFrame(frame, step.next, step.output);
      this.entered(execution, machine, frame);
      this.save(execution);
    }
  }

  private async runState(execution: Execution, state: AslState, frame: Frame, signal: AbortSignal): Promise<Step> {
    const next = state.End ? undefined : state.Next;
    const context = this.context(execution, frame);
    switch (state.Type) {
      case 'Pass': {
        const effective = selectPath(frame.input, state.InputPath);
        const parameters = state.Parameters !== undefined ? applyTemplate(state.Parameters, effective, context) : effective;
        const result = state.Result !== undefined ? state.Result : parameters;
        return { output: selectPath(applyResultPath(frame.input, result, state.ResultPath), state.OutputPath), next };
      }
      case 'Choice': {
        const effective = selectPath(frame.input, state.InputPath);
        return { output: selectPath(effective, state.OutputPath), next: choose(state, effective, context) };
      }
      case 'Wait': {
        const effective = selectPath(frame.input, state.InputPath);
        if (frame.waitUntil === undefined) {
          frame.waitUntil = this.waitUntil(state, effective);
          this.save(execution);
        }
        await this.clock.sleepUntil(frame.waitUntil, signal);
        return { output: selectPath(effective, state.OutputPath), next };
      }
      case 'Succeed':
        return { output: selectPath(selectPath(frame.input, state.InputPath), state.OutputPath) };
      case 'Fail':
        throw new StatesError(state.Error ?? 'States.Fail', state.Cause ?? '');
      case 'Task':
      case 'Parallel':
        return this.withRetryAndCatch(execution, state, frame, signal);
    }
  }

  private waitUntil(state: AslState, input: Json): number {
    const seconds = state.Seconds ?? (state.SecondsPath ? readPath(input, state.SecondsPath) : undefined);
    if (seconds !== undefined) {
      if (typeof seconds !== 'number' || seconds < 0) throw new StatesError(RUNTIME_ERROR, `Wait: ${String(seconds)} is not a number of seconds`);
      return this.clock.now() + seconds * 1000;
    }
    const timestamp = state.Timestamp ?? (state.TimestampPath ? readPath(input, state.TimestampPath) : undefined);
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) throw new StatesError(RUNTIME_ERROR, `Wait: ${String(timestamp)} is not a timestamp`);
    return at;
  }

  private async withRetryAndCatch(execution: Execution, state: AslState, frame: Frame, signal: AbortSignal): Promise<Step> {
    for (;;) {
      try {
        const result = state.Type === 'Task' ? await this.runTask(execution, state, frame, signal) : await this.runParallel(execution, state, frame, signal);
        const selected = state.ResultSelector !== undefined ? applyTemplate(state.ResultSelector, result, this.context(execution, frame)) : result;
        const output = selectPath(applyResultPath(frame.input, selected, state.ResultPath), state.OutputPath);
        if (byteLength(JSON.stringify(output)) > MAX_PAYLOAD_BYTES) throw new StatesError('States.DataLimitExceeded', `The output of ${frame.state} exceeds 262144 bytes`);
        return { output, next: state.End ? undefined : state.Next };
      } catch (error) {
        signal.throwIfAborted();
        const failure = asStatesError(error);
        if (state.Type === 'Task') {
          const kind = CALLBACK_RESOURCE.test(String(state.Resource)) ? 'Task' : 'LambdaFunction';
          this.event(execution, `${kind}Failed`, { taskFailedEventDetails: { resource: frame.state, error: failure.error, cause: failure.cause } });
        } else {
          this.event(execution, 'ParallelStateFailed', { error: failure.error, cause: failure.cause });
        }
        const index = retrierFor(state.Retry, failure.error, frame.attempts);
        if (index !== undefined) {
          const delay = retryDelayMs(state.Retry![index]!, frame.attempts[index] ?? 0);
          frame.attempts[index] = (frame.attempts[index] ?? 0) + 1;
          for (const key of ['token', 'invoked', 'timeoutAt', 'branches'] as const) delete frame[key];
          this.save(execution);
          await this.clock.sleepUntil(this.clock.now() + delay, signal);
          continue;
        }
        const catcher = catcherFor(state.Catch, failure.error);
        if (!catcher) throw failure;
        return { output: applyResultPath(frame.input, { Error: failure.error, Cause: failure.cause }, catcher.ResultPath), next: catcher.Next };
      }
    }
  }

  /** One attempt of a Task: its function (or callback), raced against its timeout and the execution's end. */
  private async runTask(execution: Execution, state: AslState, frame: Frame, signal: AbortSignal): Promise<Json> {
    const resource = String(state.Resource);
    const callback = CALLBACK_RESOURCE.test(resource);
    if (!callback && !LAMBDA_RESOURCE.test(resource)) {
      throw new StatesError(RUNTIME_ERROR, `${frame.state}: resource ${resource} is not supported by the local Step Functions`);
    }
    if (callback && !frame.token) {
      frame.token = `${TOKEN_PREFIX}${randomUUID()}`;
      this.save(execution);
    }
    const effective = selectPath(frame.input, state.InputPath);
    const parameters = state.Parameters !== undefined ? applyTemplate(state.Parameters, effective, this.context(execution, frame)) : effective;
    if (frame.timeoutAt === undefined) {
      const seconds = this.timeoutSeconds(state, frame);
      if (seconds !== undefined) {
        frame.timeoutAt = this.clock.now() + seconds * 1000;
        this.save(execution);
      }
    }

    const { controller: task, release } = childController(signal);
    try {
      const timeout =
        frame.timeoutAt === undefined
          ? whenAborted(task.signal)
          : this.clock.sleepUntil(frame.timeoutAt, task.signal).then(() => {
              throw new StatesError(TIMEOUT_ERROR, `${frame.state} timed out`);
            });
      timeout.catch(() => undefined);
      // The events AWS records for each kind of task, so the history counts what a cycle would count there.
      const kind = callback ? 'Task' : 'LambdaFunction';
      if (!frame.invoked) {
        // A callback resumed after a restart was started before it.
        this.event(execution, `${kind}Scheduled`);
        this.event(execution, `${kind}Started`);
      }
      const work = callback ? this.awaitCallback(execution, frame, parameters, task.signal) : this.callFunction(functionNameFromArn(resource), parameters);
      const result = await Promise.race([work, timeout, whenAborted(task.signal)]);
      this.event(execution, `${kind}Succeeded`);
      return result;
    } finally {
      release();
      task.abort(new Halted('The task ended'));
    }
  }

  private timeoutSeconds(state: AslState, frame: Frame): number | undefined {
    if (state.TimeoutSecondsPath === undefined) return state.TimeoutSeconds;
    // AWS reads TimeoutSecondsPath from the state's input.
    const seconds = readPath(frame.input, state.TimeoutSecondsPath);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
      throw new StatesError(RUNTIME_ERROR, `TimeoutSecondsPath of ${frame.state} must point to a positive integer`);
    }
    return seconds;
  }

  /** `lambda:invoke.waitForTaskToken`: the function is called once per attempt; the output is what SendTaskSuccess sends. */
  private async awaitCallback(execution: Execution, frame: Frame, parameters: Json, signal: AbortSignal): Promise<Json> {
    const token = frame.token!;
    const answer = new Promise<Json>((resolve, reject) => this.waiters.set(token, { execution, resolve, reject }));
    answer.catch(() => undefined);
    try {
      if (!frame.invoked) {
        const { FunctionName, Payload } = (parameters ?? {}) as { FunctionName?: string; Payload?: Json };
        await this.callFunction(functionNameFromArn(String(FunctionName)), Payload ?? null);
        // The task may have timed out or ended meanwhile: its frame is then another state's.
        signal.throwIfAborted();
        frame.invoked = true;
        this.event(execution, 'TaskSubmitted', { taskSubmittedEventDetails: { resource: 'invoke.waitForTaskToken', resourceType: 'lambda', name: frame.state } });
        this.save(execution);
      }
      return await Promise.race([answer, whenAborted(signal)]);
    } finally {
      this.waiters.delete(token);
    }
  }

  private async callFunction(functionName: string, payload: Json): Promise<Json> {
    try {
      return JSON.parse(JSON.stringify((await this.invoke(functionName, payload)) ?? null)) as Json;
    } catch (error) {
      // Lambda reports a function error as { errorType, errorMessage, trace }; the state sees
      // errorType (the error's name) as Error and that JSON as Cause.
      const failure = error instanceof Error ? error : new Error(String(error));
      const name = failure.name || 'Error';
      throw new StatesError(name, JSON.stringify({ errorType: name, errorMessage: failure.message, trace: (failure.stack ?? '').split('\n') }));
    }
  }

  private async runParallel(execution: Execution, state: AslState, frame: Frame, signal: AbortSignal): Promise<Json> {
    const branches = state.Branches ?? [];
    if (!frame.branches) {
      const effective = selectPath(frame.input, state.InputPath);
      const input = state.Parameters !== undefined ? applyTemplate(state.Parameters, effective, this.context(execution, frame)) : effective;
      frame.branches = branches.map((branch) => ({ state: branch.StartAt, input, attempts: [] }));
      this.event(execution, 'ParallelStateStarted');
      frame.branches.forEach((branchFrame, index) => this.entered(execution, branches[index]!, branchFrame));
      this.save(execution);
    }
    // A failing branch ends the others; the Parallel then fails with its error.
    const { controller, release } = childController(signal);
    try {
      const outputs = await Promise.all(
        frame.branches.map(async (branchFrame, index) => {
          if (branchFrame.finished) return branchFrame.output ?? null;
          const output = await this.runThread(execution, branches[index]!, branchFrame, controller.signal);
          branchFrame.finished = true;
          branchFrame.output = output;
          this.save(execution);
          return output;
        }),
      );
      this.event(execution, 'ParallelStateSucceeded');
      return outputs;
    } catch (error) {
      controller.abort(new Halted('Another branch failed'));
      throw error;
    } finally {
      release();
    }
  }

  private context(execution: Execution, frame: Frame): Json {
    const { record } = execution;
    const machine = this.machines.get(record.stateMachineArn)!;
    return {
      Execution: {
        Id: record.executionArn,
        Name: record.name,
        StartTime: new Date(record.startDate).toISOString(),
        RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local`,
      },
      StateMachine: { Id: machine.spec.arn, Name: machine.spec.name },
      State: { Name: frame.state, RetryCount: frame.attempts.reduce((sum, count) => sum + count, 0) },
      ...(frame.token ? { Task: { Token: frame.token } } : {}),
    };
  }

  // --- internals ----------------------------------------------------------------------------

  private execution(executionArn: string | undefined): Execution {
    const execution = this.executions.get(executionArn ?? '');
    if (!execution) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  private waiter(token: string | undefined): TokenWaiter {
    const waiter = this.waiters.get(token ?? '');
    // A token this engine never issued, or one already closed (answered, timed out, stopped).
    if (!waiter) throw new SfnError('TaskTimedOut', 'Task Timed Out: the task token is unknown or its task is already closed');
    return waiter;
  }

  private save(execution: Execution): void {
    if (!this.halted) this.store.save(execution.record);
  }

  private entered(execution: Execution, machine: AslMachine, frame: Frame): void {
    const type = machine.States[frame.state]?.Type ?? 'Unknown';
    this.event(execution, `${type}StateEntered`, { stateEnteredEventDetails: { name: frame.state, input: JSON.stringify(frame.input) } });
  }

  private event(execution: Execution, type: string, details: Record<string, unknown> = {}): void {
    if (this.halted || execution.history.length >= MAX_HISTORY_EVENTS) return;
    const id = execution.history.length + 1;
    const event: HistoryEvent = { timestamp: epochSeconds(this.clock.now()), type, id, previousEventId: id - 1, ...details };
    execution.history.push(event);
    this.store.appendHistory(execution.record, event);
  }

  private finish(execution: Execution, status: Exclude<ExecutionStatus, 'RUNNING'>, fields: { output?: string; error?: string | undefined; cause?: string | undefined }): void {
    const { record } = execution;
    if (record.status !== 'RUNNING' || this.halted) return;
    record.status = status;
    record.stopDate = this.clock.now();
    delete record.frame;
    if (fields.output !== undefined) record.output = fields.output;
    if (fields.error !== undefined) record.error = fields.error;
    if (fields.cause !== undefined) record.cause = fields.cause;
    const type = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', TIMED_OUT: 'ExecutionTimedOut', ABORTED: 'ExecutionAborted' }[status];
    this.event(execution, type, status === 'SUCCEEDED' ? { executionSucceededEventDetails: { output: fields.output } } : { error: fields.error, cause: fields.cause });
    this.save(execution);
    // Ends its waits and timers; its tokens are closed with them.
    execution.lifetime.abort(new Halted(`The execution ended: ${status}`));
  }
}

function paginate<T>(items: T[], request: { maxResults?: number; nextToken?: string }): { page: T[]; nextToken?: string } {
  const offset = request.nextToken ? Number(Buffer.from(request.nextToken, 'base64url').toString()) || 0 : 0;
  const size = request.maxResults && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
  return {
    page: items.slice(offset, offset + size),
    ...(offset + size < items.length ? { nextToken: Buffer.from(String(offset + size)).toString('base64url') } : {}),
  };
}
