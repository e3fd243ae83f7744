import { DescribeExecutionCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ENV } from '../config/constants.ts';
import { config } from '../config/env.ts';
import { stepFunctions } from '../store/clients.ts';

/**
 * The review's calls to Step Functions, with the answers that mean "already done" turned into
 * values: a callback to a task that has ended, or a start of an execution that exists.
 */

/** A token whose task has ended (timed out, answered, or its execution stopped). */
const CLOSED_TASK_ERRORS = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

export type CallbackAnswer = 'delivered' | 'task-closed';

async function callback(send: () => Promise<unknown>): Promise<CallbackAnswer> {
  try {
    await send();
    return 'delivered';
  } catch (error) {
    if (CLOSED_TASK_ERRORS.has((error as Error).name)) return 'task-closed';
    throw error;
  }
}

export function succeedTask(taskToken: string, output: Record<string, unknown>): Promise<CallbackAnswer> {
  return callback(() => stepFunctions().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
}

export function failTask(taskToken: string, error: string, cause: string): Promise<CallbackAnswer> {
  return callback(() => stepFunctions().send(new SendTaskFailureCommand({ taskToken, error, cause })));
}

/** Whether a task still waits on its token, asked with a heartbeat (which changes nothing else). */
export async function isTaskWaiting(taskToken: string): Promise<boolean> {
  return (await callback(() => stepFunctions().send(new SendTaskHeartbeatCommand({ taskToken })))) === 'delivered';
}

export function stateMachineArn(which: 'review' | 'decision'): string {
  const name = which === 'review' ? ENV.reviewStateMachineArn : ENV.decisionStateMachineArn;
  const arn = which === 'review' ? config().REVIEW_STATE_MACHINE_ARN : config().DECISION_STATE_MACHINE_ARN;
  if (!arn) throw new Error(`${name} is not set`);
  return arn;
}

/** Starts a named execution; a name already taken means it was started before (names are the idempotency key). */
export async function startExecution(stateMachine: string, name: string, input: Record<string, unknown>): Promise<'started' | 'already-started'> {
  try {
    await stepFunctions().send(new StartExecutionCommand({ stateMachineArn: stateMachine, name, input: JSON.stringify(input) }));
    return 'started';
  } catch (error) {
    if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
    throw error;
  }
}

/** Where a run stands; `MISSING` when no execution has that name (never started, or lost). */
export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT' | 'MISSING';

const ENDED_OR_RUNNING: readonly string[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT'] satisfies RunStatus[];
const isRunStatus = (status: string | undefined): status is Exclude<RunStatus, 'MISSING'> => status !== undefined && ENDED_OR_RUNNING.includes(status);

/** An execution's ARN from its state machine's ARN and its name (the two differ only in the resource type). */
export function executionArnOf(stateMachine: string, name: string): string {
  return `${stateMachine.replace(':stateMachine:', ':execution:')}:${name}`;
}

export async function runStatus(stateMachine: string, name: string): Promise<RunStatus> {
  try {
    const { status } = await stepFunctions().send(new DescribeExecutionCommand({ executionArn: executionArnOf(stateMachine, name) }));
    // PENDING_REDRIVE: a redrive was asked for, so the run is as good as running.
    if (status === 'PENDING_REDRIVE') return 'RUNNING';
    if (!isRunStatus(status)) throw new Error(`Execution ${name} has an unknown status ${String(status)}`);
    return status;
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return 'MISSING';
    throw error;
  }
}
