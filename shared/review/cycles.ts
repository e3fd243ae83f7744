import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config/env.ts';
import {
  cycleBounds,
  deadlineFor,
  hasBegun,
  isoSeconds,
  monthJustEnded,
  RELEASE_GRACE_SECONDS,
  reminderAt,
  secondsUntil,
  type ReviewTiming,
} from '../domain/cycle.ts';
import { AppError } from '../domain/errors.ts';
import type { Language } from '../domain/language.ts';
import { message } from '../domain/messages.ts';
import { auditPut } from '../store/audit.ts';
import { dynamo } from '../store/clients.ts';
import { readProgress } from '../store/progress-counters.ts';
import { createCycle, getCycle, holdReleaseToken, listCycles, markReleasing, undoReleasing, type CycleItem } from '../store/review-store.ts';
import { untilSettled } from './concurrency.ts';
import { executionArnOf, isTaskWaiting, runStatus, startExecution, stateMachineArn, succeedTask, type RunStatus } from './step-functions.ts';
import type { OpenCycleInput } from './task-inputs.ts';
import { CYCLE_ALREADY_OPEN, executionNameForCycle, type CycleState } from './workflow.ts';

/** Another execution owns the cycle (or it is over): the run that gets this ends quietly. */
export class CycleAlreadyOpen extends Error {
  override readonly name = CYCLE_ALREADY_OPEN;
}

function timing(): ReviewTiming {
  const settings = config();
  return {
    deadlineDays: settings.REVIEW_DEADLINE_DAYS,
    deadlineSeconds: settings.REVIEW_DEADLINE_SECONDS,
    reminderLeadSeconds: settings.REMINDER_LEAD_SECONDS,
  };
}

/** Timeouts are counted from now, not from the opening, so a resumed run waits only for what is left. */
function cycleState(item: CycleItem, now: Date): CycleState {
  const deadline = new Date(item.deadline);
  const decisionTimeoutSeconds = secondsUntil(deadline, now);
  return {
    cycle: item.cycle,
    deadline: item.deadline,
    reminderAt: isoSeconds(reminderAt(deadline, now, timing())),
    decisionTimeoutSeconds,
    releaseTimeoutSeconds: decisionTimeoutSeconds + RELEASE_GRACE_SECONDS,
  };
}

/**
 * OpenCycle: creates the cycle once, with its deadline counted from this first opening. Running it
 * again for a cycle not yet released returns the same deadline, so a retried step — or a new run
 * resuming a stopped one — carries on where the cycle is. A released cycle has nothing left to do.
 */
export async function openCycle(input: OpenCycleInput, now = new Date()): Promise<CycleState> {
  const timeZone = ('timeZone' in input && input.timeZone) || config().REVIEW_TIME_ZONE;
  const cycle = 'cycle' in input ? input.cycle : monthJustEnded(new Date(input.scheduledTime), timeZone);

  const item = await untilSettled(`Opening cycle ${cycle}`, async () => {
    const existing = await getCycle(cycle);
    if (existing) return existing;
    const opening = {
      cycle,
      timeZone,
      collectBefore: cycleBounds(cycle, timeZone).end.toISOString(),
      openedAt: isoSeconds(now),
      deadline: isoSeconds(deadlineFor(now, timing())),
    };
    // Another run may create it first; the next round then reads its deadline, the one that counts.
    return (await createCycle(opening)) ? { ...opening, status: 'collecting' as const } : undefined;
  });
  if (item.status === 'released') throw new CycleAlreadyOpen(`Cycle ${cycle} is already released`);
  return cycleState(item, now);
}

const signOffOf = (item: CycleItem) => ({ releasedBy: item.releaseRequestedBy ?? 'system', releasedAt: item.releaseRequestedAt ?? null });

/**
 * AwaitRelease: the run's sign-off task hands its token to the cycle, where release-cycle finds it.
 * A cycle already signed off is answered at once (a run resuming after its predecessor stopped
 * mid-release). A token held by another run that still waits means this run is a duplicate; a
 * held token whose task has ended is stale and is replaced.
 */
export async function awaitRelease(cycle: string, taskToken: string): Promise<void> {
  await untilSettled(`The sign-off of cycle ${cycle}`, async () => {
    const item = await getCycle(cycle);
    if (!item) throw new Error(`Cycle ${cycle} does not exist`);
    if (item.status === 'releasing' || item.status === 'released') {
      await succeedTask(taskToken, signOffOf(item));
      return true;
    }
    if (item.releaseTaskToken === taskToken) return true;
    if (item.releaseTaskToken && (await isTaskWaiting(item.releaseTaskToken))) {
      throw new CycleAlreadyOpen(`Another run of cycle ${cycle} is waiting for its sign-off`);
    }
    return (await holdReleaseToken(cycle, taskToken, item.releaseTaskToken)) || undefined;
  });
}

/** A cycle as staff see it: everything but the run's callback token. */
export function cycleView({ releaseTaskToken: _token, ...view }: CycleItem) {
  return view;
}

async function requireCycle(cycle: string): Promise<CycleItem> {
  const item = await getCycle(cycle);
  if (!item) throw new AppError('not_found', `There is no review cycle ${cycle}`);
  return item;
}

/**
 * The admin's sign-off: the cycle moves to `releasing` (so decisions close), then the run is told.
 * If the run no longer waits (it stopped), the move is undone so the sign-off is not recorded as
 * given to nobody.
 */
export async function releaseCycle(cycle: string, actor: string, now = new Date()) {
  const item = await requireCycle(cycle);
  if (item.status === 'releasing' || item.status === 'released') throw new AppError('conflict', `Cycle ${cycle} was already signed off (${item.status})`);
  if (item.status !== 'open' || !item.releaseTaskToken) {
    throw new AppError('conflict', `Cycle ${cycle} is still collecting its submissions; sign it off once it is open`);
  }
  const at = now.toISOString();
  if (!(await markReleasing(item, item.releaseTaskToken, actor, at))) {
    throw new AppError('conflict', `Cycle ${cycle} changed meanwhile (another sign-off?); reload it`);
  }
  if ((await succeedTask(item.releaseTaskToken, { releasedBy: actor, releasedAt: at })) === 'task-closed') {
    await undoReleasing(cycle, item.releaseTaskToken, actor, new Date().toISOString());
    throw new AppError('conflict', `The run of cycle ${cycle} is no longer waiting for a sign-off (it stopped, and the Support Unit was alerted); nothing was released`);
  }
  return cycleView({ ...item, status: 'releasing', releaseRequestedBy: actor, releaseRequestedAt: at });
}

/**
 * A cycle's runs are named `cycle-YYYY-MM`, then `cycle-YYYY-MM-2`, `-3`…: a name can never be
 * used again (90 days after its run ended, on AWS), so a run that failed or was stopped is
 * resumed by a new execution under the next name. OpenCycle, the page steps and the sign-off all
 * pick the cycle up where it stands, so the new run carries on rather than starting over.
 */
const MAX_RUNS = 50;
const runName = (cycle: string, attempt: number) => (attempt === 1 ? executionNameForCycle(cycle) : `${executionNameForCycle(cycle)}-${attempt}`);

interface LatestRun {
  /** 1 for the first name; 0 when no run ever started. */
  attempt: number;
  name: string;
  status: RunStatus;
}

/** The cycle's latest run, found by asking for each name in turn (a handful of DescribeExecution calls at most). */
export async function latestRun(cycle: string): Promise<LatestRun> {
  const machine = stateMachineArn('review');
  let latest: LatestRun = { attempt: 0, name: runName(cycle, 1), status: 'MISSING' };
  for (let attempt = 1; attempt <= MAX_RUNS; attempt++) {
    const name = runName(cycle, attempt);
    const status = await runStatus(machine, name);
    if (status === 'MISSING') return latest;
    latest = { attempt, name, status };
  }
  return latest;
}

/** Whether a run is needed: none ever started, or the last one failed, was stopped, timed out or is gone. */
const needsRun = (status: RunStatus) => status !== 'RUNNING' && status !== 'SUCCEEDED';

/**
 * Makes sure the cycle has a live run: the latest one if it runs (or ended well), otherwise a new
 * one under the next name. Idempotent: of concurrent calls, one starts the run and the others find
 * the name taken. The input names who asked and when, so those others are told ExecutionAlreadyExists
 * (`started: false`) where an identical input would quietly join the same execution as if started.
 */
async function ensureRun(cycle: string, input: Record<string, unknown>): Promise<{ executionArn: string; started: boolean }> {
  const machine = stateMachineArn('review');
  const latest = await latestRun(cycle);
  if (!needsRun(latest.status)) return { executionArn: executionArnOf(machine, latest.name), started: false };
  const name = latest.attempt === 0 ? latest.name : runName(cycle, latest.attempt + 1);
  const started = (await startExecution(machine, name, { cycle, ...input, ...(latest.attempt > 0 ? { resumes: latest.name } : {}) })) === 'started';
  return { executionArn: executionArnOf(machine, name), started };
}

/**
 * Starts a cycle's run by hand: harmless when it already runs; a failed or stopped run is resumed.
 * A month that has not begun has nothing to review yet.
 */
export async function startCycle(cycle: string, actor: string, language: Language, now = new Date()) {
  if (!hasBegun(cycle, now, config().REVIEW_TIME_ZONE)) {
    throw new AppError('validation_failed', message('validationFailed', language), [{ path: 'cycle', message: message('cycleNotBegun', language) }]);
  }
  const { started } = await ensureRun(cycle, { requestedBy: actor, requestedAt: now.toISOString() });
  if (started) {
    await dynamo().send(new PutCommand(auditPut(cycle, { actor, action: 'cycle-start-requested' }, now.toISOString()).Put));
  }
  const item = await getCycle(cycle);
  return { started, cycle: item ? cycleView(item) : { cycle, status: 'starting' as const } };
}

/**
 * `POST /v1/review/cycles/{cycle}/resume`: a new run for a cycle whose run failed, was stopped or
 * is gone; nothing when it runs or is done. Only a cycle that exists can be resumed.
 */
export async function resumeCycle(cycle: string, actor: string, now = new Date()) {
  await requireCycle(cycle);
  const { executionArn, started } = await ensureRun(cycle, { requestedBy: actor, requestedAt: now.toISOString() });
  if (started) {
    await dynamo().send(new PutCommand(auditPut(cycle, { actor, action: 'cycle-run-resumed', after: { executionArn } }, now.toISOString()).Put));
  }
  return { cycle, executionArn, resumed: started };
}

export async function cycles() {
  return { cycles: (await listCycles()).map(cycleView) };
}

/**
 * A cycle and where it stands: its submissions by status, how many are decided, and what was
 * released — from the counters the transitions keep, one Query however large the cycle.
 */
export async function cycleProgress(cycle: string) {
  const item = await requireCycle(cycle);
  const [progress, { status }] = await Promise.all([readProgress(cycle), latestRun(cycle)]);
  return { cycle: cycleView(item), run: { status }, progress };
}
