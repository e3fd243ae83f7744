import { REVIEW_PAGE_SIZES } from '../../../shared/review/workflow.ts';
import { catcherFor, type AslMachine, type AslState } from './asl.ts';

/**
 * How many history events one run of a Standard state machine records, computed from its
 * definition, for comparing with the 25,000-event limit of an execution. The run is walked along
 * its expected path: a Choice takes its `Default` unless one of its rules loops back to a state
 * already on the path, in which case the loop's body runs `iterations(choice)` times before the
 * Default is taken. A Fail state inside a Parallel branch fails the Parallel, whose matching Catch
 * is followed (the way a branch ends a Parallel early).
 *
 * Events per visit, as AWS records them (and the local stand-in too):
 * - Task calling a Lambda function by ARN: TaskStateEntered, LambdaFunctionScheduled,
 *   LambdaFunctionStarted, LambdaFunctionSucceeded, TaskStateExited (5);
 * - `.waitForTaskToken` task: TaskStateEntered, TaskScheduled, TaskStarted, TaskSubmitted,
 *   TaskSucceeded, TaskStateExited (6);
 * - Pass, Choice, Wait, Succeed: entered and exited (2); Fail: entered (1);
 * - Parallel: entered, started, its branches, succeeded or failed, exited (4 + branches);
 * - the execution: started and succeeded or failed (2).
 * Retries add events (a failed attempt and a new schedule); the walk counts none.
 */

const CALLBACK_RESOURCE = /:lambda:invoke\.waitForTaskToken$/;

/** How many times the loop closed by a Choice state runs its body (at least once). */
export type LoopIterations = (choiceState: string) => number;

interface Walk {
  events: number;
  /** The error a Fail state ended the walk with, if it ended that way. */
  failed?: string;
}

function visitEvents(state: AslState): number {
  switch (state.Type) {
    case 'Task':
      return CALLBACK_RESOURCE.test(String(state.Resource)) ? 6 : 5;
    case 'Fail':
      return 1;
    case 'Parallel':
      return 4;
    default:
      return 2;
  }
}

function walk(machine: AslMachine, iterations: LoopIterations): Walk {
  /** The states visited so far, with the events each visit recorded (to price a loop's body). */
  const path: { name: string; events: number }[] = [];
  let events = 0;
  let current: string | undefined = machine.StartAt;
  while (current !== undefined) {
    const state: AslState | undefined = machine.States[current];
    if (!state) throw new Error(`State ${current} is not in the definition`);
    let stateEvents = visitEvents(state);
    let next: string | undefined = state.End ? undefined : state.Next;

    if (state.Type === 'Fail') {
      return { events: events + stateEvents, failed: state.Error ?? 'States.Fail' };
    }
    if (state.Type === 'Parallel') {
      const branches = (state.Branches ?? []).map((branch) => walk(branch, iterations));
      stateEvents += branches.reduce((sum, branch) => sum + branch.events, 0);
      const failed = branches.find((branch) => branch.failed !== undefined)?.failed;
      if (failed !== undefined) {
        const catcher = catcherFor(state.Catch, failed);
        if (!catcher) return { events: events + stateEvents - 1, failed }; // failed, never exited
        next = catcher.Next;
      }
    }
    if (state.Type === 'Choice') {
      const loop = (state.Choices ?? []).map((rule) => rule.Next).find((target) => target !== undefined && path.some((visited) => visited.name === target));
      if (loop !== undefined) {
        const start = path.findIndex((visited) => visited.name === loop);
        const body = path.slice(start).reduce((sum, visited) => sum + visited.events, 0) + stateEvents;
        stateEvents += (Math.max(1, iterations(current)) - 1) * body;
      }
      next = state.Default;
    }
    path.push({ name: current, events: stateEvents });
    events += stateEvents;
    current = next;
  }
  return { events };
}

/** Events in the history of one run of `machine`, from ExecutionStarted to its end. */
export function historyEventCount(machine: AslMachine, iterations: LoopIterations): number {
  return 2 + walk(machine, iterations).events;
}

/** Pages a cursor loop reads for `items` items: a full last page is followed by an empty one. */
export const pagesFor = (items: number, pageSize: number) => Math.floor(items / pageSize) + 1;

/**
 * The ReviewCycle's loops, by the Choice state that closes each, and the submissions per page of
 * the step it repeats (state names are the construct ids of `infra/constructs/review-workflow.ts`).
 */
export const REVIEW_CYCLE_LOOPS = {
  MoreToCollect: REVIEW_PAGE_SIZES.collect,
  MoreDecisionTasks: REVIEW_PAGE_SIZES.startDecisions,
  MoreToRelease: REVIEW_PAGE_SIZES.release,
} as const satisfies Record<string, number>;

/** History events of a whole review cycle of `submissions`, from its start to its release. */
export function reviewCycleHistoryEvents(definition: AslMachine, submissions: number): number {
  return historyEventCount(definition, (choice) => {
    const pageSize = (REVIEW_CYCLE_LOOPS as Record<string, number>)[choice];
    if (pageSize === undefined) throw new Error(`The loop closed by ${choice} has no page size in REVIEW_CYCLE_LOOPS`);
    return pagesFor(submissions, pageSize);
  });
}
