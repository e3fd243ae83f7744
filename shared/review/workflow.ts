/**
 * The monthly review as two Standard state machines, defined once in CDK
 * (`infra/constructs/review-workflow.ts`) and run unchanged by the local platform.
 *
 * ReviewCycle (one execution per cycle, named `cycle-YYYY-MM`, input `{ cycle }`):
 *   OpenCycle → CollectAndScreen (loop while `$.collect.more`) → InitDecisionCursor →
 *   StartDecisionTasks (loop while `$.decisions.more`) → NotifyReviewers →
 *   DecideAndRelease (Parallel: [WaitForReminder → SendReminders], [AwaitRelease → ReleasePage loop → SendSummary])
 *   Any error → AlertSupportUnit → Fail.
 *
 * ReviewDecision (one execution per submission, named `YYYY-MM_OGC-…`, input DecisionTaskInput):
 *   AwaitDecision (.waitForTaskToken, timeout = seconds left until the cycle's deadline)
 *     States.Timeout → CarryOver; DECISION_TASK_CLOSED → ClosedAtRelease.
 *
 * Decisions are per-submission child executions rather than an inline Map because an inline Map
 * runs at most 40 iterations at once: a cycle's thousands of decisions must all be open together.
 */
export const REVIEW_FUNCTIONS = {
  openCycle: 'review-open-cycle',
  collect: 'review-collect',
  startDecisions: 'review-start-decisions',
  notifyReviewers: 'review-notify-reviewers',
  sendReminders: 'review-send-reminders',
  awaitRelease: 'review-await-release',
  releasePage: 'review-release-page',
  sendSummary: 'review-send-summary',
  alert: 'review-alert',
  awaitDecision: 'review-await-decision',
  carryOver: 'review-carry-over',
} as const;

/**
 * Submissions per invocation of each looping step. Every page is a few events in the cycle's
 * history, which AWS caps at 25,000 per execution: with pages of 250 a cycle of 100,000 records
 * about 8,500 (see `test/unit/step-functions-history.test.ts`), a third of the limit. A page also
 * has to fit the function's timeout (2 minutes): on this project's slowest setup, DynamoDB Local
 * on disk, a submission takes about 0.2 s to collect or release, so 250 take under a minute; on
 * AWS a few milliseconds each.
 */
export const REVIEW_PAGE_SIZES = {
  collect: 250,
  startDecisions: 250,
  release: 250,
} as const;

/** Error name sent with SendTaskFailure when a release closes a still-open decision task. */
export const DECISION_TASK_CLOSED = 'DecisionTaskClosed';

/**
 * Error name OpenCycle (for a released cycle) and AwaitRelease (while another execution holds the
 * cycle's sign-off) throw, so an execution that arrives second ends quietly instead of alerting.
 */
export const CYCLE_ALREADY_OPEN = 'CycleAlreadyOpen';

export const executionNameForCycle = (cycle: string) => `cycle-${cycle}`;
export const executionNameForDecision = (cycle: string, reference: string) => `${cycle}_${reference}`;

/** State of ReviewCycle after OpenCycle (everything later steps read is here; documents are not). */
export interface CycleState {
  cycle: string;
  /** ISO instant after which undecided submissions carry over. */
  deadline: string;
  /** ISO instant at which reviewers are reminded of what is still undecided. */
  reminderAt: string;
  /** Seconds from now until the deadline: the decision tasks' timeout. */
  decisionTimeoutSeconds: number;
  /** How long the release task may wait for the admin's sign-off. */
  releaseTimeoutSeconds: number;
}

export interface PageResult {
  more: boolean;
  cursor?: string;
}

export interface DecisionTaskInput {
  cycle: string;
  reference: string;
  timeoutSeconds: number;
}

export interface CallbackTaskInput {
  cycle: string;
  reference?: string;
  taskToken: string;
}
