import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import * as DynamoDB from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from './dynamodb.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, functionNameFromArn, invokeFunction } from './lambda-runtime.ts';
import type { LocalStateMachineSpec } from './cloud-template.ts';
import { listen } from './processes.ts';

/**
 * The Step Functions stand-in: runs the synthesized ASL with the `aws-local-stepfunctions`
 * interpreter, every Task executed in-process, and serves the AWS JSON 1.0 protocol so unchanged
 * handlers (an SFNClient with an endpoint override) and the AWS CLI can drive it.
 *
 * What this adapter adds to the interpreter:
 * - Task tokens. The interpreter has no `$$.Task.Token`; the context object given to each run has
 *   a `Task.Token` getter that mints a fresh, self-describing token. A `.waitForTaskToken` task
 *   registers every token found in its (processed) input, calls the real handler, which stores the
 *   token, and waits for SendTaskSuccess (output = parsed JSON) / SendTaskFailure (an error named
 *   after `error`, so Catch rules match). Unknown or closed tokens answer TaskTimedOut, as AWS does.
 * - Timeouts. The interpreter evaluates TimeoutSecondsPath against the task's *processed* input
 *   (AWS uses the state input), defaults a Task to 60 s (AWS: no limit), and fires at once for
 *   anything above 2^31 ms. So the adapter carries the path's value through Parameters, runs the
 *   timer itself (clamped at ~24.8 days, exact below), and gives the interpreter a ceiling it never
 *   reaches first. Wait states become local tasks for the same reason.
 * - Executions live in this process: a restart loses them (a cycle resumes by starting it again;
 *   OpenCycle is idempotent).
 */

// Node 20 lacks Promise.withResolvers, which the interpreter (written for Node 22) uses.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
const { StateMachine, ExecutionAbortedError, ExecutionTimeoutError } = await import('aws-local-stepfunctions');
type Interpreter = InstanceType<typeof StateMachine>;

/** setTimeout's ceiling (2^31-1 ms) in whole seconds: the longest timer Node can arm. */
export const MAX_TIMER_SECONDS = 2_147_483;
/** Our own timers stop one second short, so they always fire before the interpreter's ceiling. */
const MAX_LOCAL_TIMEOUT_MS = (MAX_TIMER_SECONDS - 1) * 1000;
const TOKEN_PREFIX = 'ogc-local-task-token-';
const TOKEN_PATTERN = /ogc-local-task-token-[0-9a-f-]{36}/g;
const WAIT_RESOURCE = 'arn:aws:states:::ogc-local:wait';
const LOCAL_KEYS = { input: '__ogcLocalInput', timeout: '__ogcLocalTimeoutSeconds' } as const;
const MAX_PAYLOAD_BYTES = 256 * 1024;
const MAX_HISTORY_EVENTS = 1000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type State = Record<string, unknown>;
type AslDefinition = Record<string, unknown>;

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

/** An error as the interpreter matches it in Retry/Catch: by `name`. */
function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

// --- definition transform ------------------------------------------------------------------

interface TaskPlan {
  resource: string;
  /** Static TimeoutSeconds; undefined when none (or taken from a path). */
  timeoutSeconds?: number;
  hasTimeoutPath: boolean;
}

function subMachines(state: State): Record<string, unknown>[] {
  const nested: Record<string, unknown>[] = [];
  if (Array.isArray(state.Branches)) nested.push(...(state.Branches as Record<string, unknown>[]));
  for (const key of ['Iterator', 'ItemProcessor']) {
    if (state[key] && typeof state[key] === 'object') nested.push(state[key] as Record<string, unknown>);
  }
  return nested;
}

/** Copies `Parameters` so that the processed input also carries the value of `path`. */
function carryThroughParameters(state: State, key: string, path: string): void {
  const parameters = state.Parameters;
  if (parameters && typeof parameters === 'object' && !Array.isArray(parameters)) {
    state.Parameters = { ...(parameters as object), [`${key}.$`]: path };
  } else {
    state.Parameters = { [`${LOCAL_KEYS.input}.$`]: '$', [`${key}.$`]: path };
  }
}

/** Rewrites a definition for the interpreter; returns the plan of every Task by state name. */
export function prepareDefinition(definition: AslDefinition): { definition: AslDefinition; tasks: Map<string, TaskPlan> } {
  const copy = structuredClone(definition);
  const tasks = new Map<string, TaskPlan>();

  const visit = (machine: Record<string, unknown>) => {
    if (typeof machine.TimeoutSeconds === 'number') machine.TimeoutSeconds = Math.min(machine.TimeoutSeconds, MAX_TIMER_SECONDS);
    const states = (machine.States ?? {}) as Record<string, State>;
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') {
        const timeoutPath = typeof state.TimeoutSecondsPath === 'string' ? state.TimeoutSecondsPath : undefined;
        tasks.set(name, {
          resource: String(state.Resource),
          ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
          hasTimeoutPath: timeoutPath !== undefined,
        });
        if (timeoutPath) carryThroughParameters(state, LOCAL_KEYS.timeout, timeoutPath);
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = MAX_TIMER_SECONDS;
      } else if (state.Type === 'Wait') {
        // A local task that sleeps in chunks Node can arm, instead of one setTimeout that overflows.
        const parameters: Record<string, unknown> = { [`${LOCAL_KEYS.input}.$`]: '$' };
        if (typeof state.Seconds === 'number') parameters.seconds = state.Seconds;
        if (typeof state.Timestamp === 'string') parameters.timestamp = state.Timestamp;
        if (typeof state.SecondsPath === 'string') parameters['seconds.$'] = state.SecondsPath;
        if (typeof state.TimestampPath === 'string') parameters['timestamp.$'] = state.TimestampPath;
        const task: State = { Type: 'Task', Resource: WAIT_RESOURCE, Parameters: parameters, TimeoutSeconds: MAX_TIMER_SECONDS };
        for (const key of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) if (key in state) task[key] = state[key];
        states[name] = task;
        tasks.set(name, { resource: WAIT_RESOURCE, hasTimeoutPath: false });
      }
      for (const nested of subMachines(state)) visit(nested);
    }
  };
  visit(copy);
  return { definition: copy, tasks };
}

function findTokens(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const match of value.matchAll(TOKEN_PATTERN)) found.add(match[0]);
  } else if (Array.isArray(value)) {
    for (const item of value) findTokens(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) findTokens(item, found);
  }
  return found;
}

/** Removes the adapter's carrier keys, returning the task's real input and its timeout. */
function unwrapInput(input: unknown): { payload: unknown; timeoutSeconds?: number } {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { payload: input };
  const record = { ...(input as Record<string, unknown>) };
  const timeout = record[LOCAL_KEYS.timeout];
  delete record[LOCAL_KEYS.timeout];
  const payload = LOCAL_KEYS.input in record ? record[LOCAL_KEYS.input] : record;
  return { payload, ...(typeof timeout === 'number' ? { timeoutSeconds: timeout } : {}) };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

// --- executions ----------------------------------------------------------------------------

type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface HistoryEvent {
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  /** Aborted when the execution ends: releases its waiting tasks and timers. */
  lifetime: AbortController;
  history: HistoryEvent[];
  done: Promise<void>;
  abortRun?: () => void;
}

interface Machine {
  spec: LocalStateMachineSpec;
  interpreter: Interpreter;
  tasks: Map<string, TaskPlan>;
  createdAt: Date;
}

interface TokenWaiter {
  execution: Execution;
  tokens: Set<string>;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

export type TaskFunctionInvoker = (functionName: string, payload: unknown) => Promise<unknown>;

export interface StepFunctionsOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  machines: LocalStateMachineSpec[];
  /** Runs `functions/<name>/handler.ts` by default; tests pass their own functions. */
  invokeFunction?: TaskFunctionInvoker;
  /** For `dynamodb:*` service integrations. */
  dynamoEndpoint?: string;
  log?: (message: string) => void;
}

const epochSeconds = (date: Date) => date.getTime() / 1000;

/** The fields ListExecutions gives per execution (DescribeExecution adds input, output and error). */
const executionSummary = (execution: Execution) => ({
  executionArn: execution.executionArn,
  stateMachineArn: execution.stateMachineArn,
  name: execution.name,
  status: execution.status,
  startDate: epochSeconds(execution.startDate),
  ...(execution.stopDate ? { stopDate: epochSeconds(execution.stopDate) } : {}),
});
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

/**
 * The interpreter only treats its own StatesTimeoutError as a timeout (States.TaskFailed must not
 * catch it; Retry wildcards skip it), and it does not export the class: obtain it once by letting
 * a 1 ms task time out.
 */
async function discoverTimeoutErrorClass(): Promise<(new () => Error) | undefined> {
  try {
    const probe = new StateMachine(
      { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } } },
      { validationOptions: { noValidate: true } },
    );
    const run = probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => undefined) } } });
    await run.result;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.name === 'States.Timeout') return cause.constructor as new () => Error;
  }
  return undefined;
}

export class StepFunctionsEngine {
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, Execution>();
  private readonly waiters = new Map<string, TokenWaiter>();
  private readonly invoke: TaskFunctionInvoker;
  private readonly log: (message: string) => void;
  private dynamo?: DynamoDB.DynamoDBClient;
  private timeoutErrorClass?: new () => Error;

  constructor(private readonly options: Omit<StepFunctionsOptions, 'port' | 'host'>) {
    this.invoke = options.invokeFunction ?? invokeFunction;
    this.log = options.log ?? ((message) => console.log(`[step-functions] ${message}`));
    for (const spec of options.machines) this.addMachine(spec);
  }

  async init(): Promise<void> {
    this.timeoutErrorClass = await discoverTimeoutErrorClass();
  }

  addMachine(spec: LocalStateMachineSpec): void {
    const { definition, tasks } = prepareDefinition(spec.definition);
    // Validated (paths, structure) but without the ARN check: the local wait resource is no real ARN.
    const interpreter = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
    this.machines.set(spec.arn, { spec, interpreter, tasks, createdAt: new Date() });
  }

  listMachines(): LocalStateMachineSpec[] {
    return [...this.machines.values()].map((machine) => machine.spec);
  }

  private timeoutError(): Error {
    return this.timeoutErrorClass ? new this.timeoutErrorClass() : namedError('States.Timeout', 'States.Timeout');
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
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: epochSeconds(existing.startDate) };
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution = this.run(machine, executionArn, name, input, parsed);
    return { executionArn, startDate: epochSeconds(execution.startDate) };
  }

  describeExecution(request: { executionArn?: string }): Record<string, unknown> {
    const execution = this.execution(request.executionArn);
    return {
      ...executionSummary(execution),
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.output !== undefined ? { output: execution.output, outputDetails: { included: true } } : {}),
      ...(execution.error !== undefined ? { error: execution.error } : {}),
      ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
    };
  }

  listExecutions(request: { stateMachineArn?: string; statusFilter?: string; maxResults?: number; nextToken?: string }): Record<string, unknown> {
    if (!this.machines.has(request.stateMachineArn ?? '')) {
      throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    }
    const all = [...this.executions.values()]
      .filter((execution) => execution.stateMachineArn === request.stateMachineArn)
      .filter((execution) => !request.statusFilter || execution.status === request.statusFilter)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
    const offset = request.nextToken ? Number(Buffer.from(request.nextToken, 'base64url').toString()) || 0 : 0;
    const size = request.maxResults && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
    const page = all.slice(offset, offset + size);
    return {
      executions: page.map(executionSummary),
      ...(offset + size < all.length ? { nextToken: Buffer.from(String(offset + size)).toString('base64url') } : {}),
    };
  }

  getExecutionHistory(request: { executionArn?: string; maxResults?: number; reverseOrder?: boolean; nextToken?: string }): Record<string, unknown> {
    const execution = this.execution(request.executionArn);
    const events = request.reverseOrder ? [...execution.history].reverse() : execution.history;
    const offset = request.nextToken ? Number(Buffer.from(request.nextToken, 'base64url').toString()) || 0 : 0;
    const size = request.maxResults && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
    return {
      events: events.slice(offset, offset + size),
      ...(offset + size < events.length ? { nextToken: Buffer.from(String(offset + size)).toString('base64url') } : {}),
    };
  }

  stopExecution(request: { executionArn?: string; error?: string; cause?: string }): { stopDate: number } {
    const execution = this.execution(request.executionArn);
    if (execution.status === 'RUNNING') {
      this.finish(execution, 'ABORTED', { error: request.error, cause: request.cause });
      execution.abortRun?.();
    }
    return { stopDate: epochSeconds(execution.stopDate ?? new Date()) };
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }): Record<string, never> {
    const waiter = this.waiter(request.taskToken);
    let output: unknown;
    try {
      output = JSON.parse(request.output ?? '');
    } catch {
      throw new SfnError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    }
    if (byteLength(request.output ?? '') > MAX_PAYLOAD_BYTES) throw new SfnError('InvalidOutput', 'Output exceeds 262144 bytes');
    this.close(waiter);
    waiter.resolve(output);
    return {};
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }): Record<string, never> {
    const waiter = this.waiter(request.taskToken);
    this.close(waiter);
    waiter.reject(namedError(request.error || 'States.TaskFailed', request.cause ?? ''));
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
        creationDate: epochSeconds(machine.createdAt),
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
      creationDate: epochSeconds(machine.createdAt),
    };
  }

  /** Resolves when the execution has ended (tests). */
  async waitForExecution(executionArn: string): Promise<Record<string, unknown>> {
    await this.execution(executionArn).done;
    return this.describeExecution({ executionArn });
  }

  /** Ends every running execution (platform stop); they would be lost with the process anyway. */
  stopAll(): void {
    for (const execution of this.executions.values()) {
      if (execution.status !== 'RUNNING') continue;
      this.finish(execution, 'ABORTED', { error: 'PlatformStopped', cause: 'The local platform stopped' });
      execution.abortRun?.();
    }
    this.dynamo?.destroy();
  }

  // --- internals ----------------------------------------------------------------------------

  private execution(executionArn: string | undefined): Execution {
    const execution = this.executions.get(executionArn ?? '');
    if (!execution) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  private waiter(token: string | undefined): TokenWaiter {
    const waiter = this.waiters.get(token ?? '');
    // A token this process never issued, or one already closed (answered, timed out, stopped).
    if (!waiter) throw new SfnError('TaskTimedOut', 'Task Timed Out: the task token is unknown or its task is already closed');
    return waiter;
  }

  private close(waiter: TokenWaiter): void {
    for (const token of waiter.tokens) this.waiters.delete(token);
  }

  private record(execution: Execution, type: string, details: Record<string, unknown> = {}): void {
    if (execution.history.length >= MAX_HISTORY_EVENTS) return;
    const id = execution.history.length + 1;
    execution.history.push({ timestamp: Date.now() / 1000, type, id, previousEventId: id - 1, ...details });
  }

  private finish(execution: Execution, status: ExecutionStatus, fields: { output?: string; error?: string | undefined; cause?: string | undefined }): void {
    if (execution.status !== 'RUNNING') return;
    execution.status = status;
    execution.stopDate = new Date();
    if (fields.output !== undefined) execution.output = fields.output;
    if (fields.error !== undefined) execution.error = fields.error;
    if (fields.cause !== undefined) execution.cause = fields.cause;
    const type = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', TIMED_OUT: 'ExecutionTimedOut', ABORTED: 'ExecutionAborted', RUNNING: '' }[status];
    this.record(execution, type, status === 'SUCCEEDED' ? { executionSucceededEventDetails: { output: fields.output } } : { error: fields.error, cause: fields.cause });
    execution.lifetime.abort();
  }

  private run(machine: Machine, executionArn: string, name: string, input: string, parsed: Json): Execution {
    const lifetime = new AbortController();
    const execution: Execution = {
      executionArn,
      stateMachineArn: machine.spec.arn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date(),
      lifetime,
      history: [],
      done: Promise.resolve(),
    };
    this.executions.set(executionArn, execution);
    this.record(execution, 'ExecutionStarted', { executionStartedEventDetails: { input } });

    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, plan] of machine.tasks) {
      overrides[stateName] = (taskInput) => this.runTask(execution, stateName, plan, taskInput);
    }
    const context = {
      Execution: { Id: executionArn, Name: name, RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local`, StartTime: execution.startDate.toISOString() },
      StateMachine: { Id: machine.spec.arn, Name: machine.spec.name },
      Task: {
        // Read while Parameters are evaluated; the waiting task finds the token in its input.
        get Token() {
          return `${TOKEN_PREFIX}${randomUUID()}`;
        },
      },
    };
    const run = machine.interpreter.run(parsed as never, {
      overrides: { taskResourceLocalHandlers: overrides as never },
      context: context as never,
      noThrowOnAbort: true,
    });
    execution.abortRun = run.abort;
    void this.drainEvents(execution, machine, run.eventLogs as unknown as AsyncGenerator<Record<string, unknown>>);

    execution.done = run.result.then(
      (output) => {
        if (execution.status === 'RUNNING') this.finish(execution, 'SUCCEEDED', { output: JSON.stringify(output ?? null) });
      },
      (error: unknown) => {
        if (error instanceof ExecutionTimeoutError) {
          this.finish(execution, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution exceeded its TimeoutSeconds' });
        } else if (error instanceof ExecutionAbortedError) {
          this.finish(execution, 'ABORTED', {});
        } else {
          const cause = (error as { cause?: unknown }).cause;
          const failure = cause instanceof Error ? cause : error instanceof Error ? error : new Error(String(error));
          this.finish(execution, 'FAILED', { error: failure.name, cause: failure.message });
          this.log(`execution ${name} failed: ${failure.name}: ${failure.message}`);
        }
      },
    );
    return execution;
  }

  private async drainEvents(execution: Execution, machine: Machine, events: AsyncGenerator<Record<string, unknown>>): Promise<void> {
    try {
      for await (const event of events) {
        const state = event.state as { name?: string; type?: string; input?: unknown; output?: unknown } | undefined;
        if (!state?.name) continue;
        // Wait states run as local tasks; the history shows them as what the definition says.
        const type = machine.tasks.get(state.name)?.resource === WAIT_RESOURCE ? 'Wait' : state.type;
        if (event.type === 'StateEntered') {
          this.record(execution, `${type}StateEntered`, { stateEnteredEventDetails: { name: state.name, input: JSON.stringify(state.input ?? null) } });
        } else if (event.type === 'StateExited') {
          this.record(execution, `${type}StateExited`, { stateExitedEventDetails: { name: state.name, output: JSON.stringify(state.output ?? null) } });
        } else if (event.type === 'StateFailed' && type === 'Task') {
          this.record(execution, 'TaskFailed', { taskFailedEventDetails: { resource: state.name, error: event.Error, cause: String(event.Cause ?? '') } });
        }
        if (execution.status !== 'RUNNING' && execution.history.length >= MAX_HISTORY_EVENTS) break;
      }
    } catch {
      // History is best effort; the execution's result does not depend on it.
    }
  }

  /** One Task state: the integration, raced against the task's timeout and the execution's end. */
  private async runTask(execution: Execution, stateName: string, plan: TaskPlan, rawInput: unknown): Promise<unknown> {
    // A local wait reads its own parameters; other tasks get their input without the carrier keys.
    const { payload, timeoutSeconds } = plan.resource === WAIT_RESOURCE ? { payload: rawInput, timeoutSeconds: undefined } : unwrapInput(rawInput);
    const seconds = timeoutSeconds ?? plan.timeoutSeconds;
    const timeoutMs = seconds === undefined ? MAX_LOCAL_TIMEOUT_MS : Math.min(seconds * 1000, MAX_LOCAL_TIMEOUT_MS);
    if (plan.hasTimeoutPath && (typeof timeoutSeconds !== 'number' || timeoutSeconds < 1)) {
      throw namedError('States.Runtime', `TimeoutSecondsPath of ${stateName} must point to a positive integer`);
    }

    const task = new AbortController();
    const endTask = () => task.abort();
    execution.lifetime.signal.addEventListener('abort', endTask, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(this.timeoutError());
        task.abort();
      }, timeoutMs);
    });
    const ended = new Promise<never>((_, reject) => {
      task.signal.addEventListener('abort', () => reject(namedError('States.Runtime', 'The execution ended')), { once: true });
    });
    const work = this.integration(execution, stateName, plan.resource, payload, task.signal);
    // Whichever loses the race must not surface as an unhandled rejection.
    for (const promise of [work, limit, ended]) promise.catch(() => undefined);
    try {
      return await Promise.race([work, limit, ended]);
    } finally {
      clearTimeout(timer);
      execution.lifetime.signal.removeEventListener('abort', endTask);
      task.abort();
    }
  }

  private async integration(execution: Execution, stateName: string, resource: string, payload: unknown, signal: AbortSignal): Promise<unknown> {
    if (resource === WAIT_RESOURCE) return this.wait(payload as Record<string, unknown>, signal);

    const service = /^arn:[^:]+:states:::([^:]+(?::[^.]+)?)(?:\.(sync(?::2)?|waitForTaskToken))?$/.exec(resource);
    if (!service) {
      // A Lambda ARN as the resource: the payload is the event, the result is the function's.
      if (/^arn:[^:]+:lambda:/.test(resource)) return this.callFunction(functionNameFromArn(resource), payload);
      throw namedError('States.Runtime', `${stateName}: resource ${resource} is not supported by the local Step Functions`);
    }
    const [, api, pattern] = service;
    const parameters = (payload ?? {}) as Record<string, unknown>;

    let call: () => Promise<unknown>;
    if (api === 'lambda:invoke') {
      const functionName = functionNameFromArn(String(parameters.FunctionName));
      call = async () => {
        const result = await this.callFunction(functionName, parameters.Payload ?? null);
        return {
          ExecutedVersion: '$LATEST',
          Payload: result,
          SdkHttpMetadata: { HttpStatusCode: 200 },
          SdkResponseMetadata: { RequestId: randomUUID() },
          StatusCode: 200,
        };
      };
    } else if (api === 'states:startExecution') {
      call = async () => this.startChild(parameters, pattern);
    } else if (api?.startsWith('dynamodb:') || api?.startsWith('aws-sdk:dynamodb:')) {
      const operation = api.split(':').at(-1)!;
      call = async () => this.callDynamo(operation, parameters, api.startsWith('aws-sdk:') ? 'DynamoDb' : 'DynamoDB');
    } else {
      throw namedError('States.Runtime', `${stateName}: ${api} is not supported by the local Step Functions`);
    }

    if (pattern !== 'waitForTaskToken') return call();
    return this.waitForToken(execution, stateName, parameters, call, signal);
  }

  private async callFunction(functionName: string, payload: unknown): Promise<unknown> {
    try {
      return await this.invoke(functionName, payload);
    } catch (error) {
      // Lambda reports a function error as { errorType, errorMessage, trace }; the state sees
      // errorType as Error and that JSON as Cause.
      // Lambda's errorType is error.name (a subclass that does not set it reports plain "Error").
      const failure = error instanceof Error ? error : new Error(String(error));
      const name = failure.name || 'Error';
      throw namedError(name, JSON.stringify({ errorType: name, errorMessage: failure.message, trace: (failure.stack ?? '').split('\n') }));
    }
  }

  private async waitForToken(
    execution: Execution,
    stateName: string,
    parameters: unknown,
    call: () => Promise<unknown>,
    signal: AbortSignal,
  ): Promise<unknown> {
    const tokens = findTokens(parameters);
    if (tokens.size === 0) this.log(`${stateName} waits for a task token but its input carries none ($$.Task.Token): only its timeout can end it`);
    let resolve!: (output: unknown) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const waiter: TokenWaiter = { execution, tokens, resolve, reject };
    // Registered before the handler runs: it may hand the token on and be answered at once.
    for (const token of tokens) this.waiters.set(token, waiter);
    const release = () => {
      this.close(waiter);
      reject(namedError('States.Runtime', 'The task ended'));
    };
    if (signal.aborted) release();
    signal.addEventListener('abort', release, { once: true });
    try {
      await call();
      return await promise;
    } finally {
      signal.removeEventListener('abort', release);
      this.close(waiter);
    }
  }

  private async wait(parameters: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    let ms = 0;
    if (typeof parameters.seconds === 'number') ms = parameters.seconds * 1000;
    else if (typeof parameters.timestamp === 'string') {
      const at = Date.parse(parameters.timestamp);
      if (Number.isNaN(at)) throw namedError('States.Runtime', `Wait: ${parameters.timestamp} is not a timestamp`);
      ms = at - Date.now();
    }
    ms = Math.min(Math.max(0, ms), MAX_LOCAL_TIMEOUT_MS - 1000);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(namedError('States.Runtime', 'The execution ended'));
      }, { once: true });
    });
    return parameters[LOCAL_KEYS.input];
  }

  private async startChild(parameters: Record<string, unknown>, pattern: string | undefined): Promise<unknown> {
    const input = parameters.Input === undefined ? '{}' : typeof parameters.Input === 'string' ? parameters.Input : JSON.stringify(parameters.Input);
    const started = this.startExecution({
      stateMachineArn: String(parameters.StateMachineArn),
      ...(typeof parameters.Name === 'string' ? { name: parameters.Name } : {}),
      input,
    });
    if (pattern !== 'sync' && pattern !== 'sync:2') return { ExecutionArn: started.executionArn, StartDate: started.startDate };
    const described = await this.waitForExecution(started.executionArn);
    if (described.status !== 'SUCCEEDED') {
      throw namedError('States.TaskFailed', JSON.stringify({ ExecutionArn: started.executionArn, Status: described.status, Error: described.error, Cause: described.cause }));
    }
    const output = String(described.output ?? 'null');
    return {
      ExecutionArn: started.executionArn,
      Input: pattern === 'sync:2' ? JSON.parse(input) : input,
      Output: pattern === 'sync:2' ? JSON.parse(output) : output,
      Status: 'SUCCEEDED',
      StartDate: described.startDate,
      StopDate: described.stopDate,
    };
  }

  private async callDynamo(operation: string, parameters: Record<string, unknown>, errorPrefix: string): Promise<unknown> {
    if (!this.options.dynamoEndpoint) throw namedError('States.Runtime', 'DynamoDB integrations need the platform\'s DynamoDB endpoint');
    this.dynamo ??= localDynamoClient(this.options.dynamoEndpoint);
    const commandName = `${operation[0]!.toUpperCase()}${operation.slice(1)}Command`;
    const Command = (DynamoDB as unknown as Record<string, new (input: unknown) => unknown>)[commandName];
    if (!Command) throw namedError('States.Runtime', `dynamodb:${operation} is not a DynamoDB operation`);
    try {
      const { $metadata: _metadata, ...output } = (await this.dynamo.send(new Command(parameters) as never)) as unknown as Record<string, unknown>;
      return JSON.parse(JSON.stringify(output, (_, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value)));
    } catch (error) {
      const failure = error as Error;
      throw namedError(`${errorPrefix}.${failure.name}`, failure.message);
    }
  }
}

// --- the AWS JSON 1.0 endpoint -------------------------------------------------------------

export interface LocalStepFunctions {
  url: string;
  port: number;
  engine: StepFunctionsEngine;
  stop(): Promise<void>;
}

const OPERATIONS: Record<string, (engine: StepFunctionsEngine, body: Record<string, unknown>) => unknown> = {
  StartExecution: (engine, body) => engine.startExecution(body),
  DescribeExecution: (engine, body) => engine.describeExecution(body),
  ListExecutions: (engine, body) => engine.listExecutions(body),
  GetExecutionHistory: (engine, body) => engine.getExecutionHistory(body),
  StopExecution: (engine, body) => engine.stopExecution(body),
  SendTaskSuccess: (engine, body) => engine.sendTaskSuccess(body),
  SendTaskFailure: (engine, body) => engine.sendTaskFailure(body),
  SendTaskHeartbeat: (engine, body) => engine.sendTaskHeartbeat(body),
  ListStateMachines: (engine) => engine.listStateMachines(),
  DescribeStateMachine: (engine, body) => engine.describeStateMachine(body),
};

function reply(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startStepFunctions(options: StepFunctionsOptions): Promise<LocalStepFunctions> {
  const engine = new StepFunctionsEngine(options);
  await engine.init();

  const server = http.createServer((req, res) => {
    void (async () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSStepFunctions.') ? OPERATIONS[target.slice('AWSStepFunctions.'.length)] : undefined;
      if (req.method !== 'POST' || !operation) {
        req.resume();
        reply(res, 400, { __type: 'UnknownOperationException', message: `Unsupported operation ${target || req.method}` }, 'UnknownOperationException');
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = await readJson(req);
      } catch {
        reply(res, 400, { __type: 'SerializationException', message: 'The request body is not JSON' }, 'SerializationException');
        return;
      }
      try {
        reply(res, 200, operation(engine, body));
      } catch (error) {
        if (error instanceof SfnError) reply(res, error.status, { __type: error.type, message: error.message }, error.type);
        else {
          console.error('[step-functions] request failed:', error);
          reply(res, 500, { __type: 'InternalServerError', message: String(error) }, 'InternalServerError');
        }
      }
    })();
  });
  const port = await listen(server, options.port, options.host ?? '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    engine,
    async stop() {
      engine.stopAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
