import { secondsUntil } from '../domain/cycle.ts';
import { isPromising, type Decision } from '../domain/decision.ts';
import { AppError } from '../domain/errors.ts';
import { SUBMISSION_STATUS_LABELS } from '../domain/labels.ts';
import type { DecisionRequest } from '../domain/schemas.ts';
import {
  carryOverSubmission,
  cycleReferences,
  getDecision,
  getSubmissions,
  requestOf,
  saveDecision,
  storeDecisionToken,
  waitsInCycle,
} from '../store/review-store.ts';
import { countDecision } from '../observability/metrics.ts';
import { currentCriteria } from '../store/registry.ts';
import { getSubmission } from '../store/submissions.ts';
import { mapConcurrently, untilSettled } from './concurrency.ts';
import { startExecution, stateMachineArn, succeedTask } from './step-functions.ts';
import { executionNameForDecision, REVIEW_PAGE_SIZES, type DecisionTaskInput, type PageResult } from './workflow.ts';

const CONCURRENCY = 25;

/** What a decision task ends with: small, and never the decision's text. */
const decisionOutput = (decision: Decision) => ({ reference: decision.reference, outcome: decision.outcome, revision: decision.revision });

/**
 * StartDecisionTasks: one decision execution per submission of the page, named by cycle and
 * reference, so a repeated page (or run) finds them started. The timeout is what is left until the
 * deadline now, not when the cycle opened.
 */
export async function startDecisionTasks(cycle: string, deadline: string, cursor: string | undefined, now = new Date()): Promise<PageResult & { started: number }> {
  const page = await cycleReferences(cycle, REVIEW_PAGE_SIZES.startDecisions, cursor);
  const waiting = (await getSubmissions(page.references)).filter((submission) => waitsInCycle(submission, cycle));
  const timeoutSeconds = secondsUntil(new Date(deadline), now);
  const machine = stateMachineArn('decision');
  const outcomes = await mapConcurrently(waiting, CONCURRENCY, (submission) =>
    startExecution(machine, executionNameForDecision(cycle, submission.reference), {
      cycle,
      reference: submission.reference,
      timeoutSeconds,
    } satisfies DecisionTaskInput),
  );
  return {
    more: page.cursor !== undefined,
    ...(page.cursor ? { cursor: page.cursor } : {}),
    started: outcomes.filter((outcome) => outcome === 'started').length,
  };
}

/**
 * AwaitDecision: the decision task's token goes on the submission, where record-decision finds it.
 * Either side may come first — a reviewer can decide before the token is stored — so after storing
 * it this side looks for a decision too; answering twice is harmless (the second finds the task closed).
 * A submission that no longer waits (withdrawn, released, carried over) ends the task at once.
 */
export async function awaitDecision(cycle: string, reference: string, taskToken: string): Promise<void> {
  if (await storeDecisionToken(reference, cycle, taskToken)) {
    const decision = await getDecision(reference, cycle);
    if (decision) await succeedTask(taskToken, decisionOutput(decision));
    return;
  }
  const submission = await getSubmission(reference, true);
  await succeedTask(taskToken, { reference, closed: submission?.status ?? 'missing' });
}

/**
 * CarryOver, when a decision task times out at the deadline: an undecided submission goes back to
 * the queue for the next cycle. A decision that arrived meanwhile stands (release will use it).
 */
export async function carryOver(cycle: string, reference: string, now = new Date()): Promise<{ reference: string; carriedOver: boolean }> {
  return untilSettled(`Carrying over ${reference}`, async () => {
    const submission = await getSubmission(reference, true);
    if (!submission || !waitsInCycle(submission, cycle) || (await getDecision(reference, cycle))) return { reference, carriedOver: false };
    return (await carryOverSubmission(submission, cycle, 'No decision by the deadline', now.toISOString())) ? { reference, carriedOver: true } : undefined;
  });
}

/**
 * A reviewer's decision or revision. The write is conditional on the version the reviewer read
 * (`expectedVersion`, from If-Match) or, without one, the version read here — so of two reviewers
 * deciding at once exactly one wins and the other gets a 409. The first decision then ends the
 * submission's decision task; a task already closed changes nothing, as the stored decision stands.
 */
export async function recordDecision(reference: string, request: DecisionRequest, actor: string, expectedVersion: number | undefined, now = new Date()) {
  const submission = await getSubmission(reference, true);
  if (!submission) throw new AppError('not_found', `There is no submission ${reference}`);
  if (submission.status !== 'in-review' || !submission.cycle) {
    throw new AppError('conflict', `${reference} is not open for decisions: its status is “${SUBMISSION_STATUS_LABELS[submission.status].en}”`);
  }
  if (expectedVersion !== undefined && expectedVersion !== submission.version) {
    throw new AppError('conflict', `${reference} changed since you read it (version ${expectedVersion}, now ${submission.version}); reload it`);
  }
  const cycle = submission.cycle;
  const previous = await getDecision(reference, cycle);
  const decision: Decision = {
    ...request,
    reference,
    cycle,
    originalArea: submission.area,
    promising: isPromising(request.ambition, requestOf(submission).coCreated),
    decidedBy: actor,
    decidedAt: now.toISOString(),
    revision: (previous?.revision ?? 0) + 1,
    criteriaVersion: (await currentCriteria()).version,
  };

  const saved = await saveDecision({ submission, previous, decision });
  if (saved === 'cycle-closed') throw new AppError('conflict', `Cycle ${cycle} has been signed off: its decisions are closed`);
  if (saved !== 'saved') {
    const current = await getSubmission(reference, true);
    if (!current || !waitsInCycle(current, cycle)) {
      throw new AppError('conflict', `${reference} is no longer open for decisions${current ? `: its status is “${SUBMISSION_STATUS_LABELS[current.status].en}”` : ''}`);
    }
    throw new AppError('conflict', `Another reviewer changed the decision on ${reference} meanwhile; reload it and decide again`);
  }

  if (!previous) {
    // Read after the write: a token stored since the first read must not be missed.
    const token = (await getSubmission(reference, true))?.decisionTaskToken;
    if (token) await succeedTask(token, decisionOutput(decision));
  }
  const { reference: _reference, cycle: _cycle, ...view } = decision;
  countDecision();
  return { reference, cycle, version: submission.version + 1, decision: view };
}
